import type { WasmCase } from '../../../../cases/wasmCase';
import { DEFAULT_INTERPRETER_CONFIG } from '../../../../../oracles/engines/interpreterEngine';
import { modelRun } from './modelRun';

/**
 * How many invocations of `w` run out of `fuel` on the interpreter over the reference model heap
 * (0 when the run fails otherwise: that is for the oracles to judge when the candidate runs).
 * Generated programs terminate by their budget global; a reduction that deletes the budget check
 * of a loop makes one that does not, which the interpreter stops (fuel) but V8, which has no fuel,
 * would run forever, hanging the minimiser. The reducer drops such candidates before they run.
 */
export function fuelExhaustions(w: WasmCase, fuel: number = DEFAULT_INTERPRETER_CONFIG.fuel): number {
  return modelRun(w, fuel)?.fuelExhaustions ?? 0;
}

/** Instructions per invocation a candidate may run beyond twice what the case it comes from runs in all. */
export const CHECK_FUEL_SLACK = 10_000;

/**
 * The fuel the termination check gives each invocation of a candidate of `w`: twice the
 * instructions `w` runs in all, plus CHECK_FUEL_SLACK, at most the engines' own fuel. A candidate
 * that loops is then stopped after about as much work as `w` itself (not after 2,000,000
 * instructions per invocation, which made the check cost more than running the candidate). A
 * candidate that passes runs within the engines' fuel; one that would have finished between this
 * bound and that fuel is dropped, which only loses reductions that make the case run far longer.
 * When `w` itself runs out of fuel the bound is the engines' fuel, as before.
 */
export function checkFuel(w: WasmCase): number {
  const full = DEFAULT_INTERPRETER_CONFIG.fuel;
  const r = modelRun(w, full);
  if (r === null || r.fuelExhaustions > 0) return full;
  return Math.min(full, 2 * r.executed + CHECK_FUEL_SLACK);
}
