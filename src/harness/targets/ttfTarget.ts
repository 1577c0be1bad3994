import fc from 'fast-check';
import { UsageError } from '../../errors/UsageError';
import { GcfuzzError } from '../../errors/GcfuzzError';
import type { GcRuntime } from '../../runtime/gcHeap';
import type { Invocation, WasmCase } from '../../cases/wasmCase';
import { decodeModule } from '../../wasm/binary/decodeModule';
import { validateModule } from '../../wasm/validation/validateModule';
import { GcTypeRegistry } from '../../runtime/gcTypes';
import type { Module } from '../../wasm/syntax/module';
import { printModule } from '../../wasm/text/printModule';
import { ttfModuleBytes } from '../../gen/ttf/binaryenTtf';
import { checkWasmCase, type NamedEngine } from '../../../oracles/engines/checkWasmCase';
import { InterpreterEngine } from '../../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../../oracles/engines/modelGcHeap';
import { V8Engine } from '../../../oracles/engines/v8Engine';
import { adjudicateV8, runV8Tier } from '../../../oracles/engines/v8Tiers';
import * as path from 'node:path';
import type { FuzzTarget, TargetOptions, TargetRunStats } from '../fuzzTarget';
import { parseWasmEngines, type WasmEngineName } from './wasmTarget';
import { interpreterFuzzingSupport, moduleFuncType, unsupportedImport, v8FuzzingSupport } from './ttf/fuzzingSupport';

/** A Binaryen translate-to-fuzz case: the input bytes, the module wasm-opt made of them, and the engines and zeal it runs with. */
export interface TtfTargetCase {
  readonly engines: readonly WasmEngineName[];
  readonly gcEveryNAllocs: number;
  /** wasm-opt's random stream. */
  readonly input: Uint8Array;
  /** `wasm-opt -ttf` of `input` (binaryenTtf.ts); a reproducer keeps it so replay needs no wasm-opt run. */
  readonly wasm: Uint8Array;
}

/** The forced-tier child for ttf cases: V8 with Binaryen's fuzzing-support imports (v8Tiers.ts). */
const TTF_TIER_CHILD = path.join(__dirname, 'ttf', 'v8TtfTierChild.js');

/** Counts of programs the interpreter cannot run (features out of scope), by reason: filtered out before running, never findings. */
export const ttfFiltered = new Map<string, number>();

/**
 * The runnable case of a ttf module: the decoded module and a script calling every function
 * export once, in export order, with zero/null arguments (as Binaryen's fuzz_shell.js does),
 * skipping exports whose parameters the script cannot pass (references other than externref);
 * or why the module is out of scope (it does not decode or validate here, or needs imports we lack).
 */
export function ttfWasmCase(wasm: Uint8Array): WasmCase | { readonly filtered: string } {
  let module: Module;
  try {
    module = decodeModule(wasm);
    validateModule(module, new GcTypeRegistry());
  } catch (e) {
    if (e instanceof GcfuzzError) return { filtered: `${e.name}: ${e.message.replace(/\d+/g, 'N')}` };
    throw e;
  }
  const why = unsupportedImport(module);
  if (why !== undefined) return { filtered: why };
  const invocations: Invocation[] = [];
  for (const e of module.exports) {
    if (e.kind !== 'func') continue;
    const params = moduleFuncType(module, e.index).params;
    if (params.every((p) => typeof p === 'string' || (p.nullable && p.heap === 'extern'))) {
      invocations.push({ export: e.name, args: params.map((p) => (p === 'i32' || p === 'f64' ? { t: p, v: 0 } : p === 'i64' ? { t: 'i64', v: '0' } : p === 'f32' ? { t: 'f32', bits: 0 } : { t: 'externref', ref: 'null' })) });
    }
  }
  return { module, invocations, host: { incrementSlices: 1, abandonIncremental: false } };
}

/** The engines a ttf case runs on, each with the fuzzing-support imports for `module`. */
export function ttfEngines(c: TtfTargetCase, module: Module, collectors: readonly GcRuntime[]): NamedEngine[] {
  const zeal = { poison: true, checks: false, ...(c.gcEveryNAllocs > 0 ? { gcEveryNAllocs: c.gcEveryNAllocs } : {}) };
  const extraImports = interpreterFuzzingSupport(module);
  const out: NamedEngine[] = [];
  for (const e of c.engines) {
    if (e === 'model') out.push({ engine: new InterpreterEngine({ collector: modelCollector, name: 'model', zeal, extraImports }), collector: 'model' });
    else if (e === 'v8') out.push({ engine: new V8Engine(v8FuzzingSupport(module)), collector: 'v8' });
    else for (const collector of collectors) out.push({ engine: new InterpreterEngine({ collector, zeal, extraImports }), collector: collector.name });
  }
  return out;
}

/** `length` bytes of xorshift32 from `seed` (non-zero). */
export function xorshiftBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x >>> 24;
  }
  return out;
}

function makeCase(engines: readonly WasmEngineName[], gcEveryNAllocs: number, input: Uint8Array): TtfTargetCase {
  return { engines, gcEveryNAllocs, input, wasm: ttfModuleBytes(input) };
}

const base64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

function bytesField(j: Record<string, unknown>, name: string): Uint8Array | undefined {
  const v = j[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new UsageError(`"${name}" must be base64`);
  return new Uint8Array(Buffer.from(v, 'base64'));
}

/**
 * Binaryen's translate-to-fuzz as a second Wasm program source: input bytes -> `wasm-opt -ttf`
 * (GC and reference types) -> the module run like the wasm target's cases (the interpreter on each
 * collector and on the model heap, and V8, with the program-heap oracles and the differential
 * oracle) with Binaryen's fuzzing-support imports (ttf/fuzzingSupport.ts). Modules the interpreter
 * cannot run are counted in `ttfFiltered` and pass.
 */
export const ttfTarget: FuzzTarget<TtfTargetCase> = {
  name: 'ttf',
  arbitrary(o: TargetOptions) {
    const engines = parseWasmEngines(o.engines);
    const gcEveryNAllocs = o.gcEveryNAllocs ?? 0;
    // fast-check's own byte arrays are mostly a few bytes long; wasm-opt needs kilobytes of
    // random stream to write more than an empty module, so expand a seed (xorshift32).
    return fc.record({ seed: fc.integer({ min: 1, max: 0xffffffff }), length: fc.integer({ min: 1024, max: 16384 }) })
      .map(({ seed, length }) => makeCase(engines, gcEveryNAllocs, xorshiftBytes(seed, length)));
  },
  fromBytes: (bytes) => makeCase(parseWasmEngines(undefined), 0, bytes.slice()),
  run(c: TtfTargetCase, collectors: readonly GcRuntime[]): TargetRunStats {
    const w = ttfWasmCase(c.wasm);
    if ('filtered' in w) {
      ttfFiltered.set(w.filtered, (ttfFiltered.get(w.filtered) ?? 0) + 1);
      return { ops: 0 };
    }
    const outcomes = checkWasmCase(w, ttfEngines(c, w.module, collectors), (wc, reference) => adjudicateV8(wc, reference, (tc, tier) => runV8Tier(tc, tier, TTF_TIER_CHILD)));
    let ops = 0;
    for (const o of outcomes) ops += o.stats['executed'] ?? 0;
    return { ops };
  },
  serialise(c: TtfTargetCase): unknown {
    let wat: string;
    try {
      wat = printModule(decodeModule(c.wasm));
    } catch (e) {
      wat = `;; no WAT: ${e instanceof Error ? e.message : String(e)}`;
    }
    return { engines: c.engines, gcEveryNAllocs: c.gcEveryNAllocs, input: base64(c.input), wasm: base64(c.wasm), wat };
  },
  deserialise(json: unknown): TtfTargetCase {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError('not a ttf case: expected an object');
    const j = json as Record<string, unknown>;
    if (j['engines'] !== undefined && !(Array.isArray(j['engines']) && j['engines'].every((e) => typeof e === 'string'))) throw new UsageError('"engines" must be a list of engine names');
    const engines = parseWasmEngines(j['engines'] as string[] | undefined);
    const zeal = j['gcEveryNAllocs'] ?? 0;
    if (typeof zeal !== 'number' || !Number.isInteger(zeal) || zeal < 0 || zeal > 1 << 20) throw new UsageError('"gcEveryNAllocs" must be an integer in [0, 2^20]');
    const input = bytesField(j, 'input');
    if (input === undefined) throw new UsageError('"input" (base64 wasm-opt input bytes) is required');
    const wasm = bytesField(j, 'wasm');
    return { engines, gcEveryNAllocs: zeal, input, wasm: wasm ?? ttfModuleBytes(input) };
  },
  size: (c) => c.wasm.length,
};
