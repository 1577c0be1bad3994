import { HOST_FUNCS, HOST_MODULE, HOST_TAG, type ArgValue, type HostFuncName, type WasmCase } from '../../src/cases/wasmCase';
import { encodeModule } from '../../src/wasm/binary/encodeModule';
import { UsageError } from '../../src/errors/UsageError';
import type { GlobalType, TableType, ValType } from '../../src/wasm/syntax/types';
import { V8_TRAP_MESSAGES } from './allowedDifferences';
import type { Engine } from './engine';
import { HostWorld } from './hostWorld';
import { f32FromBits, summarizeF32Number, summarizeF64, summarizeI32, summarizeI64 } from './numSummary';
import { wasmJsApi as WA, type WasmExceptionObject, type WasmInstanceObject, type WasmTagObject, type WasmModuleObject } from './wasmJsApi';
import type { FinalState, Outcome, StepFailure, StepOutcome, ValueSummary } from './outcome';

type JsFn = (...args: unknown[]) => unknown;

/**
 * The smallest module with a GC type: `(module (type (struct)))`. A V8 without Wasm GC (Node 20
 * without --experimental-wasm-gc) rejects its type code 0x5f.
 */
const GC_PROBE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x03, 0x01, 0x5f, 0x00]);

/** Whether this process's V8 compiles Wasm GC modules. */
export function v8HasWasmGc(): boolean {
  return WA.validate(GC_PROBE);
}

/**
 * Throws a UsageError naming the Node version when this process's V8 lacks Wasm GC, so a session
 * that would compare against V8 stops before any case runs instead of reporting every case as a
 * V8 finding. The project's scripts run Node 22 from node_modules (`npm run fuzz`).
 */
export function requireV8WasmGc(): void {
  if (v8HasWasmGc()) return;
  throw new UsageError(
    `the v8 engine needs Wasm GC, which the V8 of Node ${process.version} lacks: run it through npm (npm run fuzz or npm run replay, which use Node 22 from node_modules), or leave V8 out with --engines interp,model`,
  );
}

/** `globalThis.gc` when Node runs with --expose-gc. */
export function exposedGc(): (() => void) | undefined {
  const g: unknown = Reflect.get(globalThis, 'gc');
  return typeof g === 'function' ? () => void Reflect.apply(g, globalThis, []) : undefined;
}

/** What `V8Engine`'s `extraImports` may use: the run's host world, and the instance once it exists. */
export interface V8ImportEnv {
  readonly world: HostWorld;
  readonly instance: () => WasmInstanceObject | undefined;
}

/** What a V8 run leaves behind for lifetime checks: the live instance and the host objects it was given. */
export interface V8Run {
  readonly outcome: Outcome;
  readonly instance: WasmInstanceObject | undefined;
  readonly world: HostWorld;
}

/**
 * V8 through Node's WebAssembly JS API: the module is encoded, compiled and instantiated with JS
 * host functions. No fuel (allowed difference `fuel-vs-v8`); the host `gc` functions call
 * `globalThis.gc` when it is exposed. A module V8 rejects, or a JS exception other than a trap or
 * stack overflow, is a `crash`.
 */
export class V8Engine implements Engine {
  readonly name = 'v8';

  /** `extraImports`: imports from modules other than `host` (Binaryen's `fuzzing-support`: src/harness/targets/ttf). */
  constructor(private readonly extraImports?: (env: V8ImportEnv) => Record<string, Record<string, unknown>>) {}

  run(c: WasmCase): Outcome {
    return this.runKeeping(c).outcome;
  }

  /** As `run`, also returning the instance and host objects (for FinalizationRegistry checks). */
  runKeeping(c: WasmCase, onHostObject?: (o: object) => void): V8Run {
    const world = new HostWorld(c.host);
    const stats = {};
    const fail = (s: StepOutcome): V8Run => ({ outcome: { engine: this.name, instantiation: s, invocations: [], stats }, instance: undefined, world });
    let module: WasmModuleObject;
    try {
      module = new WA.Module(encodeModule(c.module));
    } catch (e) {
      return fail({ kind: 'crash', error: 'v8 rejected the module', message: errorText(e), hostCalls: [] });
    }
    const imports: Record<string, JsFn | WasmTagObject> = {};
    // The host's tag (throw_exn throws it), a WebAssembly.Tag of the same type.
    const hostTag = new (WA.Tag as unknown as new (t: { parameters: string[] }) => WasmTagObject)({ parameters: HOST_TAG.params.map((p) => (p === 'i32' ? 'i32' : 'externref')) });
    for (const im of c.module.imports) {
      if (im.module === HOST_MODULE && im.desc.kind === 'func' && im.name in HOST_FUNCS) {
        imports[im.name] = this.hostFunc(im.name as HostFuncName, world, hostTag, onHostObject);
      }
      if (im.module === HOST_MODULE && im.desc.kind === 'tag' && im.name === HOST_TAG.name) imports[im.name] = hostTag;
    }
    let instance: WasmInstanceObject;
    let instantiated: WasmInstanceObject | undefined;
    try {
      const extra = this.extraImports?.({ world, instance: () => instantiated }) ?? {};
      instance = new WA.Instance(module, { ...extra, [HOST_MODULE]: imports });
      instantiated = instance;
    } catch (e) {
      return fail({ ...classify(e), hostCalls: world.takeCalls() });
    }
    const ok: StepOutcome = { kind: 'return', values: [], hostCalls: world.takeCalls() };
    const invocations: StepOutcome[] = [];
    const exportTypes = new Map(c.module.exports.filter((e) => e.kind === 'func').map((e) => [e.name, funcTypeOf(c, e.index)]));
    for (const inv of c.invocations) {
      const fn = instance.exports[inv.export];
      const type = exportTypes.get(inv.export);
      if (typeof fn !== 'function' || type === undefined) {
        invocations.push({ kind: 'crash', error: 'missing export', message: inv.export, hostCalls: [] });
        continue;
      }
      try {
        const args = inv.args.map((a) => jsArg(a, world, onHostObject));
        const r: unknown = Reflect.apply(fn, undefined, args);
        const values = type.results.length === 1 ? [r] : type.results.length === 0 ? [] : Array.from(r as Iterable<unknown>);
        invocations.push({ kind: 'return', values: values.map((v, i) => summarizeJs(v, type.results[i]!, world)), hostCalls: world.takeCalls() });
      } catch (e) {
        invocations.push({ ...(e instanceof WA.Exception ? uncaughtException(c, instance, e, world) : classify(e)), hostCalls: world.takeCalls() });
      }
    }
    const final = finalState(c, instance, world);
    return { outcome: { engine: this.name, instantiation: ok, invocations, final, stats }, instance, world };
  }

  private hostFunc(name: HostFuncName, world: HostWorld, hostTag: WasmTagObject, onHostObject?: (o: object) => void): JsFn {
    const params = HOST_FUNCS[name].params;
    const trace = (args: unknown[]): void => world.record(name, params.map((p, i) => summarizeJs(args[i], p, world)));
    const gc = exposedGc();
    switch (name) {
      case 'gc':
      case 'gc_step':
        return (...args) => {
          trace(args);
          gc?.();
          return undefined;
        };
      case 'make_extern':
        return (...args) => {
          trace(args);
          const o = world.make();
          onHostObject?.(o);
          return o;
        };
      case 'pick_extern':
        return (...args) => {
          trace(args);
          return world.pick(Number(args[0]));
        };
      case 'extern_id':
        return (...args) => {
          trace(args);
          const v = args[0];
          return v === null || v === undefined ? 0 : (world.idOf(v) ?? -1);
        };
      case 'identity':
        return (...args) => {
          trace(args);
          return args[0];
        };
      case 'record':
        return (...args) => {
          trace(args);
          return undefined;
        };
      case 'hand_back':
        return (...args) => {
          trace(args);
          const first = world.make();
          onHostObject?.(first);
          const second = world.make();
          onHostObject?.(second);
          return [first, args[0], second];
        };
      case 'throw_exn':
        return (...args) => {
          trace(args);
          if ((Number(args[0]) & 1) === 1) throw new (WA.Exception as unknown as new (t: WasmTagObject, payload: unknown[]) => WasmExceptionObject)(hostTag, [args[0], args[1]]);
          return undefined;
        };
    }
  }
}

function funcTypeOf(c: WasmCase, funcIndex: number): { params: readonly ValType[]; results: readonly ValType[] } {
  // The function index space counts function imports only (a module may also import globals or the host's tag).
  const funcImports = c.module.imports.filter((i) => i.desc.kind === 'func');
  const typeIndex = funcIndex < funcImports.length
    ? (funcImports[funcIndex]!.desc as { typeIndex: number }).typeIndex
    : c.module.funcs[funcIndex - funcImports.length]!.typeIndex;
  const flat = c.module.types.flatMap((g) => g.subtypes);
  const comp = flat[typeIndex]!.composite;
  return comp.kind === 'func' ? comp : { params: [], results: [] };
}

function jsArg(a: ArgValue, world: HostWorld, onHostObject?: (o: object) => void): unknown {
  switch (a.t) {
    case 'i32': return a.v;
    case 'i64': return BigInt(a.v);
    case 'f32': return f32FromBits(a.bits);
    case 'f64': return a.v;
    case 'externref': {
      const fresh = a.ref === 'fresh';
      const o = world.externArg(a);
      if (fresh && o !== null) onHostObject?.(o);
      return o;
    }
  }
}

/** Summary of a JS value V8 produced for a value of type `t`. */
export function summarizeJs(v: unknown, t: ValType, world: HostWorld): ValueSummary {
  switch (t) {
    case 'i32': return summarizeI32(Number(v));
    case 'i64': return summarizeI64(typeof v === 'bigint' ? v : BigInt(Number(v)));
    case 'f32': return summarizeF32Number(Number(v));
    case 'f64': return summarizeF64(Number(v));
  }
  if (v === null || v === undefined) return { t: 'null' };
  if (typeof v === 'number') return { t: 'i31', v: v | 0 };
  if (typeof v === 'function') return { t: 'func' };
  const id = world.idOf(v);
  return id !== undefined ? { t: 'host', id } : { t: 'object' };
}

/**
 * A WebAssembly.Exception that left an invocation: its tag by export name (`Exception.is` against
 * each exported WebAssembly.Tag) and its payload (`getArg`), as the interpreter engine reports one.
 * An exnref payload entry is `object` (JavaScript cannot read it: `getArg` would throw).
 */
function uncaughtException(c: WasmCase, instance: WasmInstanceObject, e: WasmExceptionObject, world: HostWorld): StepFailure {
  const importedTags = c.module.imports.filter((i) => i.desc.kind === 'tag').length;
  const flat = c.module.types.flatMap((g) => g.subtypes);
  for (const x of c.module.exports) {
    const tag = instance.exports[x.name];
    if (x.kind !== 'tag' || !(tag instanceof WA.Tag) || !e.is(tag)) continue;
    const typeIndex = x.index < importedTags
      ? (c.module.imports.filter((i) => i.desc.kind === 'tag')[x.index]!.desc as { typeIndex: number }).typeIndex
      : c.module.tags![x.index - importedTags]!.typeIndex;
    const comp = flat[typeIndex]!.composite;
    const params = comp.kind === 'func' ? comp.params : [];
    const payload = params.map((p, i): ValueSummary => (typeof p !== 'string' && p.heap === 'exn' ? { t: 'object' } : summarizeJs(e.getArg(tag, i), p, world)));
    return { kind: 'exception', tag: x.name, payload, message: `uncaught exception of tag ${x.name}` };
  }
  return { kind: 'exception', tag: '?', payload: [], message: 'uncaught exception of a tag that is not exported' };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function classify(e: unknown): StepFailure {
  if (e instanceof WA.RuntimeError) {
    if (e.message === 'requested new array is too large') return { kind: 'exhausted', resource: 'memory', message: e.message };
    const kinds = V8_TRAP_MESSAGES[e.message];
    if (kinds !== undefined) return { kind: 'trap', trapKinds: kinds, message: e.message };
    return { kind: 'crash', error: 'unknown V8 trap message', message: e.message };
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) return { kind: 'exhausted', resource: 'stack', message: e.message };
  if (e instanceof RangeError && /memory|allocation|too large/i.test(e.message)) return { kind: 'exhausted', resource: 'memory', message: e.message };
  return { kind: 'crash', error: e instanceof Error ? e.name : 'exception', message: errorText(e) };
}

function finalState(c: WasmCase, instance: WasmInstanceObject, world: HostWorld): FinalState {
  const globals: { name: string; value: ValueSummary }[] = [];
  const tables: { name: string; elems: ValueSummary[] }[] = [];
  const importedGlobals = c.module.imports.filter((i) => i.desc.kind === 'global').length;
  const importedTables = c.module.imports.filter((i) => i.desc.kind === 'table').length;
  for (const e of c.module.exports) {
    const x = instance.exports[e.name];
    if (e.kind === 'global' && x instanceof WA.Global) {
      const gt: GlobalType = c.module.globals[e.index - importedGlobals]!.type;
      globals.push({ name: e.name, value: summarizeJs(x.value, gt.type, world) });
    } else if (e.kind === 'table' && x instanceof WA.Table) {
      const tt: TableType = c.module.tables[e.index - importedTables]!.type;
      const elems: ValueSummary[] = [];
      for (let i = 0; i < x.length; i++) elems.push(summarizeJs(x.get(i), tt.element, world));
      tables.push({ name: e.name, elems });
    }
  }
  return { globals, tables };
}
