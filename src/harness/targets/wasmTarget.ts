import { UsageError } from '../../errors/UsageError';
import type { GcRuntime } from '../../runtime/gcHeap';
import type { WasmCase } from '../../cases/wasmCase';
import { wasmCaseFromJson, wasmCaseToJson } from '../../cases/wasmCaseJson';
import { wasmCaseArbitrary } from '../../gen/wasm/wasmCaseArbitrary';
import { wasmCaseFromBytes } from '../../gen/wasm/wasmCaseFromBytes';
import { encodeModule } from '../../wasm/binary/encodeModule';
import { decodeModule } from '../../wasm/binary/decodeModule';
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

function instructionCount(c: WasmCase): number {
  let n = c.invocations.length;
  for (const f of c.module.funcs) n += f.body.length;
  for (const g of c.module.globals) n += g.init.length;
  return n;
}

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
    return wasmCaseArbitrary().map((wasm) => ({ engines, gcEveryNAllocs, wasm }));
  },
  fromBytes: (bytes) => ({ engines: [...DEFAULT_WASM_ENGINES], gcEveryNAllocs: 0, wasm: wasmCaseFromBytes(bytes) }),
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
    return {
      engines: c.engines,
      gcEveryNAllocs: c.gcEveryNAllocs,
      invocations: c.wasm.invocations,
      host: c.wasm.host,
      wasm: Buffer.from(bytes).toString('base64'),
      wat,
      case: JSON.parse(wasmCaseToJson(c.wasm)) as unknown,
    };
  },
  deserialise(json: unknown): WasmTargetCase {
    if (typeof json !== 'object' || json === null) throw new UsageError('not a wasm case: expected an object');
    const j = json as Record<string, unknown>;
    const engines = parseWasmEngines(Array.isArray(j['engines']) ? j['engines'].map(String) : undefined);
    const gcEveryNAllocs = typeof j['gcEveryNAllocs'] === 'number' ? j['gcEveryNAllocs'] : 0;
    try {
      if (typeof j['case'] === 'object' && j['case'] !== null) {
        const wasm = wasmCaseFromJson(JSON.stringify(j['case']));
        if (!Array.isArray(wasm.invocations) || typeof wasm.module !== 'object') throw new Error('"case" lacks module or invocations');
        return { engines, gcEveryNAllocs, wasm };
      }
      if (typeof j['wasm'] === 'string' && Array.isArray(j['invocations']) && typeof j['host'] === 'object' && j['host'] !== null) {
        const module = decodeModule(new Uint8Array(Buffer.from(j['wasm'], 'base64')));
        return { engines, gcEveryNAllocs, wasm: { module, invocations: j['invocations'] as WasmCase['invocations'], host: j['host'] as WasmCase['host'] } };
      }
    } catch (e) {
      throw new UsageError(`not a wasm case: ${e instanceof Error ? e.message : String(e)}`);
    }
    throw new UsageError('not a wasm case: expected "case", or "wasm" (base64) with "invocations" and "host"');
  },
  size: (c) => instructionCount(c.wasm),
  *reduce(c: WasmTargetCase): Iterable<WasmTargetCase> {
    const inv = c.wasm.invocations;
    for (let n = 1; n < inv.length; n++) yield { ...c, wasm: { ...c.wasm, invocations: inv.slice(0, n) } };
    for (let i = 0; i < inv.length && inv.length > 1; i++) yield { ...c, wasm: { ...c.wasm, invocations: [...inv.slice(0, i), ...inv.slice(i + 1)] } };
  },
};
