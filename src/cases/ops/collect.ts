import type { OpRunner } from '../../harness/targets/ops/opRunner';
import { Fault } from '../../../oracles/modelSlot';
import { OK, obsError } from '../../../oracles/observation';

/**
 * The run of the three collection ops (`gc`, `gcSliced`, `gcAbandon`): a collection started now
 * must fail with InvariantError inside a no-GC scope. In a full-collection mode a sliced collection
 * runs as `Store.gc()` and an abandoned one is left out (inside a no-GC scope both must fail alike).
 */
export function collect(x: OpRunner, kind: 'gc' | 'gcSliced' | 'gcAbandon', slices: number): void {
  const m = x.model;
  const fault = m === null ? (x.noGcDepth > 0 ? Fault.noGc : null) : m.gcFault();
  const run = x.mode.fullGcOnly && kind !== 'gc' ? (kind === 'gcSliced' ? 'gc' : 'skip') : kind;
  if (run === 'skip') {
    x.obs(fault === null ? OK : obsError('invariant'));
    return;
  }
  const got = x.attempt(() => {
    if (run === 'gc') return x.store.gc();
    const gc = x.store.startGc();
    let increments = 0;
    let done = false;
    while (!done && increments < slices) {
      increments++;
      done = gc.collectIncrement() === 'complete';
    }
    // gcSliced finishes increment by increment, as a store collection's `collect()` does, so the
    // count is known. A collection that needed two or more increments, or was abandoned after at
    // least one, is one whose schedule could differ from a full collection.
    while (run === 'gcSliced' && !done) {
      increments++;
      done = gc.collectIncrement() === 'complete';
    }
    if (increments >= 2 || (!done && increments > 0)) x.scheduledCollections++;
  });
  if (!x.outcome(got, kind, m === null ? null : fault)) return;
  if (run === 'gcAbandon' && m !== null) x.resync();
  x.obs(OK);
}
