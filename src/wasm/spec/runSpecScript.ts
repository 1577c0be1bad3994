import * as fs from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../runtime/store';
import type { GcRuntime } from '../../runtime/gcHeap';
import { builtinCollectors } from '../../runtime/collectors/builtinCollectors';
import { DecodeError } from '../../errors/DecodeError';
import { LinkError } from '../../errors/LinkError';
import { Trap } from '../../errors/Trap';
import { WasmException } from '../execution/wasmException';
import { ValidationError } from '../../errors/ValidationError';
import { decodeModule } from '../binary/decodeModule';
import { validateModule } from '../validation/validateModule';
import type { ValidatedModule } from '../validation/validatedModule';
import type { ExternVal, Imports } from '../execution/externVal';
import { hostValueArray, type HostValue } from '../execution/hostFunc';
import { instantiate } from '../execution/instantiate';
import { invoke } from '../execution/invoke';
import type { ModuleInstance } from '../execution/moduleInstance';
import { ValKind } from '../execution/valKind';
import { WasmStore, type WasmStoreConfig } from '../execution/wasmStore';
import type { SpecAction, SpecCommand, SpecScript } from './specScript';
import { SpecHostRefs, describe, specArg, specMismatch } from './specValues';
import { spectestModule } from './spectestModule';
import { unsupported } from '../binary/typeCodes';

export interface SpecRunOptions {
  /** Collector of the script's store (default DRC). */
  readonly collector?: GcRuntime;
  /** Store zeal (Wasmtime gc_zeal): collect every N allocations, poison freed memory, run integrity checks. 0 = off. */
  readonly zeal?: number;
  /** Limits of the Wasm store (fuel per invocation, call depth...). */
  readonly wasm?: WasmStoreConfig;
}

export interface SpecFailure {
  readonly line: number;
  readonly command: string;
  readonly message: string;
}

export interface SpecScriptResult {
  readonly file: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Skipped commands by reason: a feature outside the project's scope, or a text-only module. */
  readonly skips: Readonly<Record<string, number>>;
  readonly failures: readonly SpecFailure[];
}

/** Outcome of one command: passed, skipped (with the reason), or failed with a reason. */
type Outcome = 'pass' | { readonly skip: string } | { readonly fail: string };

class Failed extends Error {}

/** A command that cannot run here: its module uses an out-of-scope feature (the reason names it). */
class Skipped extends Error {}

/** Why a text-format `assert_malformed` is skipped: there is no binary to decode. */
export const TEXT_ONLY_SKIP = 'text-format module, no binary';

/**
 * The features outside the project's scope that a spec command may be skipped for (README of the
 * spec folder): a second memory and 64-bit memories. Exception handling is not one of them.
 */
const SKIPPABLE_FEATURES = ['multi-memory', 'memory64'] as const;

/** The out-of-scope feature an error of decoding or validating a module reports, if any. */
export function outOfScopeFeatureOf(e: unknown): string | undefined {
  if (e instanceof DecodeError) return SKIPPABLE_FEATURES.find((f) => e.reason.includes(unsupported(f)));
  if (e instanceof ValidationError && e.message.startsWith('multiple memories')) return 'multi-memory';
  return undefined;
}

function errText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Runs one wast2json script (spec test README): every command in order, on ONE runtime Store
 * (collector as given, default DRC) shared by all its modules, so types canonicalise across
 * modules. Returns per-command counts; text-format `assert_malformed` commands (no binary) are
 * skipped. Never throws for a failing command; a missing or unparsable file throws.
 */
export function runSpecScript(jsonPath: string, options: SpecRunOptions = {}): SpecScriptResult {
  const script = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as SpecScript;
  const dir = path.dirname(jsonPath);
  const store = new Store({ collector: options.collector ?? builtinCollectors.drc, ...(options.zeal ? { zeal: { gcEveryNAllocs: options.zeal, poison: true, checks: true } } : {}) });
  const ws = new WasmStore(store, options.wasm);
  const hostRefs = new SpecHostRefs(ws);
  const registered = new Map<string, ReadonlyMap<string, ExternVal>>([['spectest', spectestModule(ws)]]);
  const named = new Map<string, ModuleInstance>();
  let current: ModuleInstance | null = null;

  /** Modules skipped for an out-of-scope feature: the current one (key '') and named ones, with the feature. */
  const skippedModules = new Map<string, string>();
  const imports = (): Imports => Object.fromEntries(registered);
  /** Decode (a module using an out-of-scope feature throws Skipped naming it). */
  const decode = (c: SpecCommand): ReturnType<typeof decodeModule> => {
    if (c.filename === undefined) throw new Failed('command has no filename');
    try {
      return decodeModule(new Uint8Array(fs.readFileSync(path.join(dir, c.filename))));
    } catch (e) {
      const feature = outOfScopeFeatureOf(e);
      throw feature !== undefined ? new Skipped(feature) : e;
    }
  };
  const validate = (m: ReturnType<typeof decodeModule>): ValidatedModule => {
    try {
      return validateModule(m, store.types);
    } catch (e) {
      const feature = outOfScopeFeatureOf(e);
      throw feature !== undefined ? new Skipped(feature) : e;
    }
  };
  const load = (c: SpecCommand): ValidatedModule => validate(decode(c));
  const moduleFor = (a: SpecAction): ModuleInstance => {
    const skippedFeature = skippedModules.get(a.module ?? '');
    if (skippedFeature !== undefined) throw new Skipped(skippedFeature);
    const m = a.module !== undefined ? named.get(a.module) : current;
    if (m === undefined || m === null) throw new Failed(`no module ${a.module ?? '(current)'}`);
    return m;
  };
  const perform = (a: SpecAction): HostValue[] => {
    const m = moduleFor(a);
    if (a.type === 'get') {
      const g = m.getExport(a.field);
      if (g === undefined || g.externKind !== 'global') throw new Failed(`no exported global ${a.field}`);
      switch (g.kind) {
        case ValKind.I64: return [g.i64];
        case ValKind.FuncRef: return [ws.funcRefs.get(g.cell[0]!)];
        case ValKind.GcRef: {
          const r = g.cell[0]!;
          return [r === 0 ? null : store.root(ws.heap.cloneGcRef(r))];
        }
        default: {
          const out = hostValueArray(1);
          out[0] = g.cell[0]!;
          return out;
        }
      }
    }
    const specArgs = a.args ?? [];
    const args = hostValueArray(specArgs.length);
    for (let i = 0; i < specArgs.length; i++) args[i] = specArg(specArgs[i]!, hostRefs);
    return invoke(ws, m.getFunc(a.field), args);
  };
  const expectError = (c: SpecCommand, run: () => void, cls: abstract new (...args: never[]) => Error, what: string): Outcome => {
    try {
      run();
    } catch (e) {
      if (e instanceof cls) {
        if (e instanceof Trap && c.text !== undefined && !e.message.startsWith(c.text)) {
          return { fail: `trapped with "${e.message}", expected "${c.text}"` };
        }
        return 'pass';
      }
      return { fail: `expected ${what}, got ${errText(e)}` };
    }
    return { fail: `expected ${what}, but it succeeded` };
  };

  const runCommand = (c: SpecCommand): Outcome => {
    if (c.skipped !== undefined) return { fail: `the converter skipped this command: ${c.skipped}` };
    switch (c.type) {
      case 'module': {
        skippedModules.delete('');
        if (c.name !== undefined) skippedModules.delete(c.name);
        let v: ValidatedModule;
        try {
          v = load(c);
        } catch (e) {
          if (e instanceof Skipped) {
            current = null;
            skippedModules.set('', e.message);
            if (c.name !== undefined) skippedModules.set(c.name, e.message);
          }
          throw e;
        }
        const inst = instantiate(ws, v, imports());
        current = inst;
        if (c.name !== undefined) named.set(c.name, inst);
        return 'pass';
      }
      case 'module_definition':
        load(c);
        return 'pass';
      case 'register': {
        const skippedFeature = skippedModules.get(c.name ?? '');
        if (skippedFeature !== undefined) throw new Skipped(skippedFeature);
        const m = c.name !== undefined ? named.get(c.name) : current;
        if (m === undefined || m === null) return { fail: `no module to register as ${c.as}` };
        registered.set(c.as!, m.exports);
        return 'pass';
      }
      case 'action':
        perform(c.action!);
        return 'pass';
      case 'assert_return': {
        const got = perform(c.action!);
        const want = c.expected ?? [];
        if (got.length !== want.length) return { fail: `expected ${want.length} results, got ${got.length}` };
        for (let i = 0; i < want.length; i++) {
          const why = specMismatch(ws, want[i]!, got[i]!);
          if (why !== null) return { fail: `result ${i}: ${why} (all: ${got.map((v) => describe(ws, v)).join(', ')})` };
        }
        return 'pass';
      }
      case 'assert_trap':
        return expectError(c, () => void perform(c.action!), Trap, `trap "${c.text}"`);
      case 'assert_exhaustion':
        return expectError(c, () => void perform(c.action!), Trap, `exhaustion "${c.text}"`);
      case 'assert_exception': {
        // Exception handling: the invocation ends with an uncaught Wasm exception, which the host then takes (and drops).
        const out = expectError(c, () => void perform(c.action!), WasmException, 'an uncaught exception');
        ws.setPendingException(0);
        return out;
      }
      case 'assert_invalid': {
        let m;
        try {
          m = decode(c);
        } catch (e) {
          if (e instanceof Skipped) throw e;
          return { fail: `expected a validation error "${c.text}", but decoding failed: ${errText(e)}` };
        }
        return expectError(c, () => void validate(m), ValidationError, `validation error "${c.text}"`);
      }
      case 'assert_malformed':
        if (c.module_type === 'text' || c.filename === undefined) return { skip: TEXT_ONLY_SKIP };
        return expectError(c, () => void decodeModule(new Uint8Array(fs.readFileSync(path.join(dir, c.filename!)))), DecodeError, `decode error "${c.text}"`);
      case 'assert_unlinkable': {
        const v = load(c);
        return expectError(c, () => void instantiate(ws, v, imports()), LinkError, `link error "${c.text}"`);
      }
      case 'assert_uninstantiable': {
        const v = load(c);
        return expectError(c, () => void instantiate(ws, v, imports()), Trap, `instantiation trap "${c.text}"`);
      }
      default:
        return { fail: `unknown command type ${c.type}` };
    }
  };

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const skips: Record<string, number> = {};
  const failures: SpecFailure[] = [];
  for (const c of script.commands) {
    const mark = store.enterScope();
    let outcome: Outcome;
    try {
      outcome = runCommand(c);
    } catch (e) {
      outcome = e instanceof Skipped ? { skip: e.message } : { fail: e instanceof Failed ? e.message : errText(e) };
    } finally {
      store.exitScope(mark);
    }
    if (outcome === 'pass') passed++;
    else if ('skip' in outcome) {
      skipped++;
      skips[outcome.skip] = (skips[outcome.skip] ?? 0) + 1;
    } else {
      failed++;
      failures.push({ line: c.line, command: c.type, message: outcome.fail });
    }
  }
  return { file: jsonPath, passed, failed, skipped, skips, failures };
}
