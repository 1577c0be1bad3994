import { Trap } from '../../../errors/Trap';
import type { Module } from '../../../wasm/syntax/module';
import type { FuncType, RefType, ValType } from '../../../wasm/syntax/types';
import type { ExternVal } from '../../../wasm/execution/externVal';
import type { FuncInstance } from '../../../wasm/execution/funcInstance';
import { GlobalInstance } from '../../../wasm/execution/globalInstance';
import { hostFunc, hostValueArray, type HostValue } from '../../../wasm/execution/hostFunc';
import { invoke } from '../../../wasm/execution/invoke';
import type { TableInstance } from '../../../wasm/execution/tableInstance';
import { ValKind } from '../../../wasm/execution/valKind';
import { validateModule } from '../../../wasm/validation/validateModule';
import type { Handle } from '../../../runtime/store';
import type { InterpreterImportEnv } from '../../../../oracles/engines/interpreterEngine';
import { summarizeJs, type V8ImportEnv } from '../../../../oracles/engines/v8Engine';
import { wasmJsApi as WA } from '../../../../oracles/engines/wasmJsApi';
import { summarizeF32Bits, summarizeF64, summarizeI32, summarizeI64 } from '../../../../oracles/engines/numSummary';
import { summarizeGcRef } from '../../../../oracles/engines/summarizeGcRef';
import type { ValueSummary } from '../../../../oracles/engines/outcome';

/** Binaryen's import module of the functions its translate-to-fuzz programs call. */
export const FUZZING_SUPPORT = 'fuzzing-support';
/** Binaryen's import module of the globals its programs import (externref host values). */
export const FUZZ_IMPORT = '__fuzz_import';

/**
 * The `fuzzing-support` functions this harness provides, after Binaryen's
 * src/tools/execution-results.h and scripts/fuzz_shell.js, identically on every engine:
 * - `log-i32|i64|f32|f64|anyref|funcref|externref (x)`: recorded in the host-call trace, which
 *   the differential oracle compares (floats as bit patterns with every NaN as `nan`: Binaryen's
 *   fuzzer likewise compares logged NaNs as equal whatever their bits).
 * - `throw (i32)`: traps (`unreachable`). Binaryen throws a JS exception (or a `wasmtag` one);
 *   exception handling is off in this source (binaryenTtf.ts), so no Wasm code can catch either
 *   and the only observable effect, the export call ending abnormally, is the same.
 * - `table-get (i) -> funcref`, `table-set (i, funcref)`: element i of the export "table";
 *   an index out of bounds (read unsigned) or no such export traps.
 * - `call-export (i, flags)`: calls the i-th function export (unsigned; out of range traps) with
 *   zeros and nulls (a non-nullable reference parameter traps); results are dropped, traps
 *   propagate. `flags` (Binaryen: JSPI) is only recorded.
 * - `call-export-catch (i) -> i32`: as call-export, returning 1 when the call trapped, else 0.
 *   Running out of fuel, stack or memory is not caught: engines differ there legitimately.
 * - `call-ref (f, flags)`, `call-ref-catch (f) -> i32`: the same for a function reference (null traps).
 * - `sleep (ms, id) -> i32`: returns id (Binaryen's JSPI sleep, without the suspension).
 * `__fuzz_import` globals of type externref / (ref extern), immutable: each a fresh host object,
 * in import order.
 * A run may make at most `HOST_CALL_BUDGET` fuzzing-support calls; the next one ends it as
 * resource exhaustion (interpreter: out of fuel; V8: a call-stack RangeError), which the
 * differential oracle treats as an allowed difference. V8 has no fuel, and a ttf program can
 * loop forever: its hang-limit global is reset to 100 just before the hang-limit trap, so a loop
 * around `call-export-catch` starts over each time.
 */
export const HOST_CALL_BUDGET = 10_000;
export const FUZZING_SUPPORT_FUNCS = ['log-i32', 'log-i64', 'log-f32', 'log-f64', 'log-anyref', 'log-funcref', 'log-externref', 'throw', 'table-get', 'table-set', 'call-export', 'call-export-catch', 'call-ref', 'call-ref-catch', 'sleep'] as const;

/** Why a module cannot run with these imports, or undefined when it can. */
export function unsupportedImport(m: Module): string | undefined {
  for (const im of m.imports) {
    if (im.module === FUZZING_SUPPORT && im.desc.kind === 'func' && (FUZZING_SUPPORT_FUNCS as readonly string[]).includes(im.name)) continue;
    if (im.module === FUZZ_IMPORT && im.desc.kind === 'global' && !im.desc.type.mutable && isExtern(im.desc.type.type)) continue;
    return `import ${im.module}.${im.name} (${im.desc.kind})`;
  }
  const importedGlobals = m.imports.filter((i) => i.desc.kind === 'global').length;
  if (m.exports.some((e) => e.kind === 'global' && e.index < importedGlobals)) return 'an imported global is re-exported';
  return undefined;
}

function isExtern(t: ValType): boolean {
  return typeof t !== 'string' && t.heap === 'extern';
}

function isFuncRef(t: ValType): t is RefType {
  return typeof t !== 'string' && (t.heap === 'func' || t.heap === 'nofunc');
}

/** The type of function `index` (imports first) of `m`. */
export function moduleFuncType(m: Module, index: number): FuncType {
  const funcImports = m.imports.filter((i) => i.desc.kind === 'func');
  const typeIndex = index < funcImports.length ? (funcImports[index]!.desc as { typeIndex: number }).typeIndex : m.funcs[index - funcImports.length]!.typeIndex;
  const comp = m.types.flatMap((g) => g.subtypes)[typeIndex]!.composite;
  return comp.kind === 'func' ? comp : { kind: 'func', params: [], results: [] };
}

/** Zero/null arguments for `params`, or undefined when one is a non-nullable reference. */
function defaultArgs<T>(params: readonly ValType[], zero: (t: 'i32' | 'i64' | 'f32' | 'f64') => T, nul: T): T[] | undefined {
  const out: T[] = [];
  for (const p of params) {
    if (typeof p === 'string') out.push(zero(p));
    else if (p.nullable) out.push(nul);
    else return undefined;
  }
  return out;
}

/** The interpreter's `fuzzing-support` and `__fuzz_import` imports for module `m` (InterpreterEngineConfig.extraImports). */
export function interpreterFuzzingSupport(m: Module): (env: InterpreterImportEnv) => Record<string, Record<string, ExternVal>> {
  return ({ ws, store, world, instance }) => {
    const v = validateModule(m, store.types);
    const trap = (): never => {
      throw new Trap('unreachable');
    };
    const summary = (t: ValType, x: HostValue): ValueSummary => {
      if (t === 'i32') return summarizeI32(x as number);
      if (t === 'i64') return summarizeI64(x as bigint);
      if (t === 'f32') return summarizeF32Bits(x as number);
      if (t === 'f64') return summarizeF64(x as number);
      if (x === null) return { t: 'null' };
      return isFuncRef(t) ? { t: 'func' } : summarizeGcRef(store.heap, store.hostData, world, store.get(x as Handle));
    };
    const call = (f: FuncInstance | null): void => {
      if (f === null) trap();
      const args = defaultArgs<HostValue>(f!.type.params, (t) => (t === 'i64' ? 0n : 0), null) ?? trap();
      const a = hostValueArray(args.length);
      args.forEach((x, i) => (a[i] = x));
      invoke(ws, f!, a);
    };
    const caught = (f: () => void): number => {
      try {
        f();
        return 0;
      } catch (e) {
        if (e instanceof Trap && e.kind !== 'out of fuel' && e.kind !== 'call stack exhausted' && e.kind !== 'out of memory') return 1;
        throw e;
      }
    };
    const exportFunc = (i: number): FuncInstance => {
      const inst = instance() ?? trap();
      const e = m.exports.filter((x) => x.kind === 'func')[i >>> 0] ?? trap();
      return inst.getExport(e.name) as FuncInstance;
    };
    const table = (i: number): { t: TableInstance; i: number } => {
      const t = instance()?.getExport('table');
      if (t === undefined || t.externKind !== 'table' || (i >>> 0) >= t.size) trap();
      return { t: t as TableInstance, i: i >>> 0 };
    };
    let budget = HOST_CALL_BUDGET;
    const funcs: Record<string, ExternVal> = {};
    const globals: Record<string, ExternVal> = {};
    let funcIndex = 0;
    for (const im of m.imports) {
      if (im.desc.kind === 'global' && im.module === FUZZ_IMPORT) {
        const g = new GlobalInstance({ type: im.desc.type.type, mutable: false }, ValKind.GcRef);
        ws.addGcGlobal(g);
        const h = store.root(store.allocExternref(world.make()));
        store.heap.writeGcRef(store.hostData, g.cell, 0, store.get(h));
        globals[im.name] = g;
      }
      if (im.desc.kind !== 'func') continue;
      const index = funcIndex++;
      if (im.module !== FUZZING_SUPPORT) continue;
      const type = moduleFuncType(m, index);
      const name = im.name;
      const impl = (args: HostValue[]): HostValue[] => {
        if (--budget < 0) throw new Trap('out of fuel', `more than ${HOST_CALL_BUDGET} fuzzing-support calls`);
        world.record(name, type.params.map((p, k) => summary(p, args[k]!)));
        switch (name) {
          case 'throw': return trap();
          case 'table-get': {
            const { t, i } = table(args[0] as number);
            return [ws.funcRefs.get(t.elems[i]!)];
          }
          case 'table-set': {
            const { t, i } = table(args[0] as number);
            const f = args[1] as FuncInstance | null;
            t.set(store.heap, store.hostData, i, f === null ? 0 : f.id);
            return [];
          }
          case 'call-export': call(exportFunc(args[0] as number)); return [];
          case 'call-export-catch': return [caught(() => call(exportFunc(args[0] as number)))];
          case 'call-ref': call(args[0] as FuncInstance | null); return [];
          case 'call-ref-catch': return [caught(() => call(args[0] as FuncInstance | null))];
          case 'sleep': return [args[1]!];
          default: return []; // the log-* functions
        }
      };
      funcs[name] = hostFunc(ws, type, impl, { name, typeId: v.typeIds[(im.desc as { typeIndex: number }).typeIndex]! });
    }
    return { [FUZZING_SUPPORT]: funcs, [FUZZ_IMPORT]: globals };
  };
}

type JsFn = (...args: unknown[]) => unknown;

/** V8's `fuzzing-support` and `__fuzz_import` imports for module `m` (the V8Engine constructor's extraImports), with the semantics above. */
export function v8FuzzingSupport(m: Module): (env: V8ImportEnv) => Record<string, Record<string, unknown>> {
  return ({ world, instance }) => {
    const trap = (): never => {
      throw new (WA.RuntimeError as unknown as new (m: string) => Error)('unreachable');
    };
    const exportsOf = (): Readonly<Record<string, unknown>> => (instance() ?? trap()).exports;
    // V8 names a Wasm function's JS wrapper by its function index (JS API: the funcaddr's index).
    const call = (f: unknown): void => {
      if (typeof f !== 'function') trap();
      const index = Number((f as JsFn).name);
      if (!Number.isInteger(index)) throw new Error(`call-ref: cannot type the function '${(f as JsFn).name}'`);
      const args = defaultArgs<unknown>(moduleFuncType(m, index).params, (t) => (t === 'i64' ? 0n : 0), null) ?? trap();
      Reflect.apply(f as JsFn, undefined, args);
    };
    const caught = (f: () => void): number => {
      try {
        f();
        return 0;
      } catch (e) {
        if (e instanceof WA.RuntimeError && e.message !== 'requested new array is too large') return 1;
        throw e;
      }
    };
    const exportFunc = (i: number): unknown => {
      const e = m.exports.filter((x) => x.kind === 'func')[i >>> 0] ?? trap();
      return exportsOf()[e.name];
    };
    const table = (i: number): { t: { get(i: number): unknown; set(i: number, v: unknown): void; length: number }; i: number } => {
      const t = exportsOf()['table'];
      if (!(t instanceof WA.Table) || (i >>> 0) >= t.length) trap();
      return { t: t as unknown as { get(i: number): unknown; set(i: number, v: unknown): void; length: number }, i: i >>> 0 };
    };
    let budget = HOST_CALL_BUDGET;
    const funcs: Record<string, JsFn> = {};
    const globals: Record<string, unknown> = {};
    let funcIndex = 0;
    for (const im of m.imports) {
      if (im.desc.kind === 'global' && im.module === FUZZ_IMPORT) globals[im.name] = world.make();
      if (im.desc.kind !== 'func') continue;
      const index = funcIndex++;
      if (im.module !== FUZZING_SUPPORT) continue;
      const type = moduleFuncType(m, index);
      const name = im.name;
      funcs[name] = (...args: unknown[]): unknown => {
        if (--budget < 0) throw new RangeError(`more than ${HOST_CALL_BUDGET} fuzzing-support calls: ends the run as the call stack running out would`);
        world.record(name, type.params.map((p, k) => summarizeJs(args[k], p, world)));
        switch (name) {
          case 'throw': return trap();
          case 'table-get': {
            const { t, i } = table(Number(args[0]));
            return t.get(i);
          }
          case 'table-set': {
            const { t, i } = table(Number(args[0]));
            t.set(i, args[1]);
            return undefined;
          }
          case 'call-export': call(exportFunc(Number(args[0]))); return undefined;
          case 'call-export-catch': return caught(() => call(exportFunc(Number(args[0]))));
          case 'call-ref': call(args[0]); return undefined;
          case 'call-ref-catch': return caught(() => call(args[0]));
          case 'sleep': return args[1];
          default: return undefined;
        }
      };
    }
    return { [FUZZING_SUPPORT]: funcs, [FUZZ_IMPORT]: globals };
  };
}
