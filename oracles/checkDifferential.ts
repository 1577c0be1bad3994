import { OracleFailure } from './OracleFailure';
import { sameObservation, showObservation, type Observation } from './observation';

/** One collector's run of a case, as the differential oracles compare it. */
export interface ComparableRun {
  readonly collector: string;
  /** One observation per op: values read (refs by model identity), host data identity, error kinds. */
  readonly trace: readonly Observation[];
  /** Observations at and after this index are not compared (allowed OOM, taint; allowedDifferences.ts). */
  readonly comparableOps: number;
}

/**
 * Differential oracle: the same case on every collector gives the same observable trace, op by
 * op (`sameObservation`, refs by model identity), up to the first op where any run stopped being
 * comparable; `uncompared` entries (forged refs) match anything. The first collector is the reference the others are reported against.
 */
export function checkDifferential(runs: readonly ComparableRun[]): void {
  if (runs.length < 2) return;
  const ref = runs[0]!;
  for (let k = 1; k < runs.length; k++) {
    const run = runs[k]!;
    const n = Math.min(ref.comparableOps, run.comparableOps, ref.trace.length, run.trace.length);
    for (let i = 0; i < n; i++) {
      const a = ref.trace[i]!;
      const b = run.trace[i]!;
      if (!sameObservation(a, b, true)) {
        throw new OracleFailure('differential', i, `${ref.collector}: ${showObservation(a)}`, `${run.collector}: ${showObservation(b)}`, '', run.collector);
      }
    }
  }
}
