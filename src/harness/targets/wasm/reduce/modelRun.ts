import type { WasmCase } from '../../../../cases/wasmCase';
import { DEFAULT_INTERPRETER_CONFIG, InterpreterEngine } from '../../../../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../../../../oracles/engines/modelGcHeap';

/** What a run on the interpreter over the reference model heap tells the reducer. */
export interface ModelRun {
  /** Instructions executed over all invocations. */
  readonly executed: number;
  /** Invocations that ran out of fuel. */
  readonly fuelExhaustions: number;
}

const engines = new Map<number, InterpreterEngine>();
const cache = new WeakMap<WasmCase, Map<number, ModelRun | null>>();

/**
 * `w` run on the interpreter over the reference model heap (no heap oracles), each invocation
 * given `fuel` instructions; null when the run fails for another reason (for the oracles to judge
 * when the case runs). Deterministic, and remembered per case object: the reducer's termination
 * check and the hang budget (wasmHangBudget) ask about the same candidate. A run with no fuel
 * exhaustion also answers for any larger fuel (nothing ran out, so nothing changes).
 */
export function modelRun(w: WasmCase, fuel: number = DEFAULT_INTERPRETER_CONFIG.fuel): ModelRun | null {
  let runs = cache.get(w);
  if (runs === undefined) cache.set(w, (runs = new Map()));
  const known = runs.get(fuel);
  if (known !== undefined) return known;
  for (const [f, r] of runs) if (f <= fuel && r !== null && r.fuelExhaustions === 0) return r;
  let engine = engines.get(fuel);
  if (engine === undefined) {
    // checkFuel derives a fuel from each parent case, so a long session meets many: keep a few.
    if (engines.size >= 8) engines.clear();
    engines.set(fuel, (engine = new InterpreterEngine({ collector: modelCollector, name: 'model', checkHeap: false, fuel })));
  }
  let r: ModelRun | null;
  try {
    const o = engine.run(w);
    r = { executed: o.stats['executed'] ?? 0, fuelExhaustions: o.invocations.filter((s) => s.kind === 'exhausted' && s.resource === 'fuel').length };
  } catch {
    r = null;
  }
  runs.set(fuel, r);
  return r;
}
