import type { OpRunner } from '../../harness/targets/ops/opRunner';
import { Fault } from '../../../oracles/modelSlot';
import { OK, obsError } from '../../../oracles/observation';

/** The four explicit incremental-collection ops. */
export type IncrementalOpKind = 'gcStart' | 'gcSlice' | 'gcFinish' | 'gcDrop';

/** Most slice budgets a deferred collection remembers (later slices of it are not replayed). */
const MAX_DEFERRED_SLICES = 64;

/**
 * The run of `gcStart`, `gcSlice`, `gcFinish` and `gcDrop`. Every one observes OK, except that
 * `gcStart` and `gcFinish` (a collection start, a GC point) fail with InvariantError inside a no-GC
 * scope on every collector, so the differential across collectors compares like with like.
 *
 * On a collector whose mutator may run between increments (`mutatorRunsBetweenIncrements`) they
 * drive the store's one open collection (`Store.openIncremental` etc.; the incremental zeal and
 * `gc_step` share it): start opens it (or keeps the open one), a slice runs one increment of
 * `budget` (marking only inside a no-GC scope), finish completes it, drop abandons it midway; an
 * open collection lives on across frames, scopes and no-GC scopes, and `reset` discards it. Its
 * completion may keep floating garbage, so it is not held to exact reclamation (collector-api.md);
 * the marking oracles check it at its end of marking, the next full collection is exact again.
 *
 * On the other collectors the mutator may not run between increments (Wasmtime's
 * `GarbageCollection` trait), so the collection is deferred: `gcStart` starts one and drops it
 * before any increment (the no-GC rule holds for real), then records the case's budgets from each
 * `gcSlice`; `gcFinish` runs a new collection with those budgets back to back, then to completion
 * (as `gcSliced`, exact); `gcDrop` runs them back to back and abandons it (as `gcAbandon`; inside a
 * no-GC scope it only forgets them). The final state is the same on every correct collector.
 *
 * In the full-collection modes (the incremental-vs-full reference) `gcFinish` is `Store.gc()` and
 * the other three do nothing.
 */
export function runIncrementalOp(x: OpRunner, kind: IncrementalOpKind, budget: number): void {
  const m = x.model;
  const gcPoint = kind === 'gcStart' || kind === 'gcFinish';
  const fault = !gcPoint ? null : m === null ? (x.noGcDepth > 0 ? Fault.noGc : null) : m.gcFault();
  if (x.mode.fullGcOnly && kind !== 'gcFinish') {
    x.obs(fault === null ? OK : obsError('invariant'));
    return;
  }
  const s = x.store;
  const concurrent = s.collector.mutatorRunsBetweenIncrements === true;
  let resync = false;
  const got = x.attempt(() => {
    if (x.mode.fullGcOnly) return s.gc();
    if (concurrent) {
      if (kind === 'gcStart') s.openIncremental();
      else if (kind === 'gcSlice') s.sliceIncremental(budget);
      else if (kind === 'gcFinish') s.finishIncremental();
      else {
        if (s.incrementalOpen) x.scheduledCollections++;
        s.dropIncremental();
      }
      return;
    }
    const slices = x.deferredSlices;
    if (kind === 'gcStart') {
      s.openIncremental(); // InvariantError inside a no-GC scope; opens nothing here
      s.startGc(); // started and dropped before its first increment
      resync = true;
      if (slices === null) x.deferredSlices = [];
    } else if (kind === 'gcSlice') {
      if (slices !== null && slices.length < MAX_DEFERRED_SLICES) slices.push(budget);
    } else if (kind === 'gcFinish') {
      s.finishIncremental(); // InvariantError inside a no-GC scope
      x.deferredSlices = null;
      if (slices !== null) replay(x, slices, true);
    } else {
      x.deferredSlices = null;
      if (slices !== null && x.noGcDepth === 0) {
        replay(x, slices, false);
        resync = true;
      }
    }
  });
  if (!x.outcome(got, kind, m === null ? null : fault)) return;
  if (resync && m !== null) x.resync(); // as after gcAbandon: an abandoned collection left the heap whole
  x.obs(OK);
}

/** A collection with `budgets` as its increments back to back, then finished or abandoned. */
function replay(x: OpRunner, budgets: readonly number[], finish: boolean): void {
  const gc = x.store.startGc();
  let increments = 0;
  let done = false;
  for (const b of budgets) {
    if (done) break;
    increments++;
    done = gc.collectIncrement(b) === 'complete';
  }
  while (finish && !done) {
    increments++;
    done = gc.collectIncrement() === 'complete';
  }
  if (increments >= 2 || (!done && increments > 0)) x.scheduledCollections++;
}
