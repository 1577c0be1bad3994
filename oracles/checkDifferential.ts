import { OracleFailure } from './OracleFailure';
import { UNCOMPARED } from './allowedDifferences';

/** One collector's run of a case, as the differential oracles compare it. */
export interface ComparableRun {
  readonly collector: string;
  /** One observation per op: values read (refs by model identity), host data identity, error kinds. */
  readonly trace: readonly string[];
  /** Observations at and after this index are not compared (allowed OOM, taint; allowedDifferences.ts). */
  readonly comparableOps: number;
}

/**
 * Differential oracle: the same case on every collector gives the same observable trace, op by
 * op, up to the first op where any run stopped being comparable; entries marked UNCOMPARED
 * (forged refs) are skipped. The first collector is the reference the others are reported against.
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
      if (a !== b && a !== UNCOMPARED && b !== UNCOMPARED) {
        throw new OracleFailure('differential', i, `${ref.collector}: ${show(a)}`, `${run.collector}: ${show(b)}`, '', run.collector);
      }
    }
  }
}

function show(obs: string): string {
  return obs === '' ? 'ok' : obs;
}
