import { OracleFailure } from './OracleFailure';
import type { ComparableRun } from './checkDifferential';
import { sameObservation, showObservation } from './observation';

/** A run with the observable state it ended in (after a closing full collection). */
export interface FinishedRun extends ComparableRun {
  /** '' when the run did not reach the end comparably (OOM, taint). */
  readonly fingerprint: string;
}

/**
 * Incremental-vs-full oracle: a case whose collections ran as generated (slice schedules,
 * collections abandoned midway) and the same case with every collection run by `collect()` (and
 * abandoned ones left out) observe the same values at every op and end in the same state: live
 * objects, field values, host-data table (fingerprints compared text for text). Per-op
 * observations are compared by `sameObservation` without object identity, since a run without the
 * model has none; identity is covered by the final fingerprint, which numbers objects canonically.
 */
export function checkIncrementalVsFull(sliced: FinishedRun, full: FinishedRun): void {
  const n = Math.min(sliced.comparableOps, full.comparableOps, sliced.trace.length, full.trace.length);
  for (let i = 0; i < n; i++) {
    const a = full.trace[i]!;
    const b = sliced.trace[i]!;
    if (!sameObservation(a, b, false)) {
      throw new OracleFailure('incremental-vs-full', i, `as with full collections: ${showObservation(a)}`, showObservation(b), sliced.collector);
    }
  }
  if (sliced.fingerprint !== '' && full.fingerprint !== '' && sliced.fingerprint !== full.fingerprint) {
    throw new OracleFailure('incremental-vs-full', -1, 'the final state of the full-collection run', 'a different final state', `${sliced.collector}: ${firstDifference(full.fingerprint, sliced.fingerprint)}`);
  }
}

/**
 * Attribution: the case fails an oracle with its slice schedule but passes every oracle when each
 * collection runs by `collect()`; the schedule is what breaks it.
 */
export function incrementalVsFullFailure(inner: OracleFailure): OracleFailure {
  return new OracleFailure('incremental-vs-full', inner.opIndex, 'the same verdict as with full collections (all oracles pass)', `[${inner.oracle}] ${inner.expected} -> ${inner.actual}`, inner.detail);
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i}: ${la[i] ?? '<none>'} vs ${lb[i] ?? '<none>'}`;
  }
  return '';
}
