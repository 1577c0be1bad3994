import { UsageError } from '../../errors/UsageError';
import type { GcRuntime } from '../../runtime/gcHeap';
import type { WasmCase } from '../../cases/wasmCase';
import { wasmCaseToJson } from '../../cases/wasmCaseJson';
import { wasmCaseFromParts } from './wasm/wasmCaseFromParts';
import { wasmCaseBytesArbitrary } from '../../gen/wasm/wasmCaseArbitrary';
import { makeWasmReducer, wasmInstructionCount } from './wasm/reduce/reduceWasmCase';
import { wasmCaseFromBytes } from '../../gen/wasm/wasmCaseFromBytes';
import { wasmHangBudgetMs } from './wasm/wasmHangBudget';
import { encodeModule } from '../../wasm/binary/encodeModule';
import { printModule } from '../../wasm/text/printModule';
import { checkWasmCase, type NamedEngine } from '../../../oracles/engines/checkWasmCase';
import { InterpreterEngine } from '../../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../../oracles/engines/modelGcHeap';
import { requireV8WasmGc, V8Engine } from '../../../oracles/engines/v8Engine';
import type { FuzzTarget, TargetOptions, TargetRunStats } from '../fuzzTarget';

/** The engines `--engines` may name: the interpreter on each selected collector, on the reference model heap, and V8. */
export const WASM_ENGINE_NAMES = ['interp', 'model', 'v8'] as const;
export type WasmEngineName = (typeof WASM_ENGINE_NAMES)[number];
export const DEFAULT_WASM_ENGINES: readonly WasmEngineName[] = ['model', 'interp', 'v8'];

/** A Wasm-program fuzz case: the program and script, and the engines and zeal it runs with (so a reproducer replays the same comparison). */
export interface WasmTargetCase {
  readonly engines: readonly WasmEngineName[];
  /** Runtime gc_zeal for the interpreter engines: collect every N allocations (0: off). */
  readonly gcEveryNAllocs: number;
  readonly wasm: WasmCase;
  /**
   * The generator's decision bytes when the case came from a seed or from bytes: they regenerate
   * the case as it was before structure-aware reduction, so a finding can be re-shrunk later.
   */
  readonly decisionBytes?: Uint8Array;
}

/** `--engines` values, checked; UsageError (exit 2) for unknown names or an empty list. */
export function parseWasmEngines(names: readonly string[] | undefined): WasmEngineName[] {
  const out = names === undefined ? [...DEFAULT_WASM_ENGINES] : namedEngines(names);
  if (out.includes('v8')) requireV8WasmGc();
  return out;
}

function namedEngines(names: readonly string[]): WasmEngineName[] {
  const out: WasmEngineName[] = [];
  for (const n of names.map((s) => s.trim()).filter((s) => s !== '')) {
    if (!(WASM_ENGINE_NAMES as readonly string[]).includes(n)) throw new UsageError(`unknown engine '${n}': use ${WASM_ENGINE_NAMES.join(', ')}`);
    if (!out.includes(n as WasmEngineName)) out.push(n as WasmEngineName);
  }
  if (out.length === 0) throw new UsageError('--engines must name at least one engine');
  if (out.length === 1 && out[0] === 'v8') throw new UsageError('--engines v8 alone compares nothing (V8 has no heap oracles): add interp or model');
  // The model, when selected, is the reference every other engine is compared with.
  return out.sort((a, b) => (a === 'model' ? -1 : b === 'model' ? 1 : 0));
}

/**
 * The engines a case from bytes (coverage-guided fuzzing, replay of its inputs) runs on: the model
 * and the interpreter always; V8 for one input in V8_SHARE, chosen by a hash of all its bytes, so
 * the choice is part of the input (replay gives the same verdict) and every mutation re-draws it.
 * V8 adds no coverage feedback (istanbul does not see inside it) and was about a quarter of an
 * exec; the interpreter-vs-V8 differential runs on every case of the seeded fuzzer.
 */
export function bytesEngines(bytes: Uint8Array): WasmEngineName[] {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0) % V8_SHARE === 0 ? [...DEFAULT_WASM_ENGINES] : ['model', 'interp'];
}

/** One input in this many from bytes also runs on V8 (bytesEngines). */
export const V8_SHARE = 8;

function engineList(c: WasmTargetCase, collectors: readonly GcRuntime[]): NamedEngine[] {
  const zeal = { poison: true, checks: false, ...(c.gcEveryNAllocs > 0 ? { gcEveryNAllocs: c.gcEveryNAllocs } : {}) };
  const out: NamedEngine[] = [];
  for (const e of c.engines) {
    if (e === 'model') out.push({ engine: new InterpreterEngine({ collector: modelCollector, name: 'model', zeal }), collector: 'model' });
    else if (e === 'v8') out.push({ engine: new V8Engine(), collector: 'v8' });
    else for (const collector of collectors) out.push({ engine: new InterpreterEngine({ collector, zeal }), collector: collector.name });
  }
  return out;
}

/**
 * How many passing candidates in a row end fast-check's byte-level shrink of a Wasm case before
 * the structural reducer. On the broken collectors' findings (s5a report) its shrink either makes
 * progress within a few dozen candidates or walks hundreds of passing ones (160 tries at 20-70 ms
 * each leaving 2,110 instructions as 2,110; 446 in a row after its last step elsewhere); the
 * reducer does better with that time. 30 against 60 and 100 gave reproducers of 9, 19, 13 and 63
 * instructions against 20, 7, 13, 63 in half the time.
 */
export const WASM_SHRINK_PATIENCE = 30;

/**
 * Random Wasm GC programs (src/gen/wasm) run on the interpreter with each selected collector, on
 * the interpreter over the reference model heap, and on V8, with the program heap oracles after
 * each interpreter run and the differential oracle across engines (oracles/engines). Reproducers
 * hold the case as JSON plus the module's binary (base64) and WAT.
 */
export const wasmTarget: FuzzTarget<WasmTargetCase> = {
  name: 'wasm',
  arbitrary(o: TargetOptions) {
    const engines = parseWasmEngines(o.engines);
    const gcEveryNAllocs = o.gcEveryNAllocs ?? 0;
    return wasmCaseBytesArbitrary().map((decisionBytes) => ({ engines, gcEveryNAllocs, wasm: wasmCaseFromBytes(decisionBytes), decisionBytes }));
  },
  fromBytes: (bytes) => ({ engines: bytesEngines(bytes), gcEveryNAllocs: 0, wasm: wasmCaseFromBytes(bytes), decisionBytes: bytes.slice() }),
  run(c: WasmTargetCase, collectors: readonly GcRuntime[]): TargetRunStats {
    const outcomes = checkWasmCase(c.wasm, engineList(c, collectors));
    let ops = 0;
    for (const o of outcomes) ops += o.stats['executed'] ?? 0;
    return { ops };
  },
  serialise(c: WasmTargetCase): unknown {
    const bytes = encodeModule(c.wasm.module);
    let wat: string;
    try {
      wat = printModule(c.wasm.module);
    } catch (e) {
      wat = `;; WAT printer failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    const structured = JSON.parse(wasmCaseToJson(c.wasm)) as { invocations: unknown; host: unknown };
    return {
      engines: c.engines,
      gcEveryNAllocs: c.gcEveryNAllocs,
      invocations: structured.invocations,
      host: structured.host,
      wasm: Buffer.from(bytes).toString('base64'),
      wat,
      case: structured,
      ...(c.decisionBytes !== undefined ? { decisionBytes: Buffer.from(c.decisionBytes).toString('base64') } : {}),
    };
  },
  deserialise(json: unknown): WasmTargetCase {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError('not a wasm case: expected an object');
    const j = json as Record<string, unknown>;
    if (j['engines'] !== undefined && !(Array.isArray(j['engines']) && j['engines'].every((e) => typeof e === 'string'))) throw new UsageError('"engines" must be a list of engine names');
    const engines = parseWasmEngines(j['engines'] as string[] | undefined);
    const zeal = j['gcEveryNAllocs'] ?? 0;
    if (typeof zeal !== 'number' || !Number.isInteger(zeal) || zeal < 0 || zeal > 1 << 20) throw new UsageError('"gcEveryNAllocs" must be an integer in [0, 2^20]');
    const db = j['decisionBytes'];
    if (db !== undefined && (typeof db !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(db))) throw new UsageError('"decisionBytes" must be base64');
    const wasm = wasmCaseFromParts(j);
    return { engines, gcEveryNAllocs: zeal, wasm, ...(typeof db === 'string' ? { decisionBytes: new Uint8Array(Buffer.from(db, 'base64')) } : {}) };
  },
  size: (c) => wasmInstructionCount(c.wasm),
  hangBudgetMs: (c) => wasmHangBudgetMs(c.wasm),
  reduce: makeWasmReducer<WasmTargetCase>((c) => c.wasm, (c, wasm) => ({ ...c, wasm })),
  shrinkPatience: WASM_SHRINK_PATIENCE,
};
