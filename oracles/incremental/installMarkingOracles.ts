import type { GcHeap, MarkingVerifier } from '../../src/runtime/gcHeap';
import type { GcRootsList } from '../../src/runtime/gcRootsList';
import { checkClosure } from './checkClosure';
import { checkContainment } from './checkContainment';
import { checkMarkingCounters, newMarkingCountersState } from './checkMarkingCounters';
import { checkSliceBudget } from './checkSliceBudget';
import { checkSnapshotEdges, recordSnapshotEdges, type SnapshotGraph } from './checkSnapshotEdges';

/** What the marking oracles saw over a heap's life (for reports and benches). */
export interface MarkingOracleStats {
  /** Collections whose end of marking was verified. */
  verified: number;
  /** Objects marked but unreachable at the end of marking, summed (floating garbage). */
  floatingGarbage: number;
  /** Slices of the verified collections, summed. */
  slices: number;
  /** Slices judged by the slice-budget and marking-counters oracles (every slice of every collection). */
  slicesChecked: number;
}

/**
 * Hooks the marking oracles into a heap whose mutator runs between increments, as engines hook
 * their verifiers into the collector (SpiderMonkey gczeal, V8 --verify-heap): the snapshot graph is
 * recorded right before the first mutation of an open marking; at the end of marking, before the
 * sweep, snapshot edges, then closure, then containment are checked (each throws an OracleFailure
 * naming itself). `checkRoots`, when given, first judges the roots the view names (refreshed at the
 * end of marking: they must be the mutator's current roots). After every slice's marking work the
 * slice-budget oracle judges the slice and the marking-counters oracle the heap's counters (also
 * at `start` and `end`; both O(1)); a `reset` of the heap (wrapped on the instance) starts the
 * counters' history afresh. Returns the running stats, or null when the heap has no verifier hook.
 */
export function installMarkingOracles(heap: GcHeap, checkRoots?: (roots: GcRootsList) => void): MarkingOracleStats | null {
  if (heap.setMarkingVerifier === undefined) return null;
  const stats: MarkingOracleStats = { verified: 0, floatingGarbage: 0, slices: 0, slicesChecked: 0 };
  let snapshot: SnapshotGraph | null = null;
  const counters = newMarkingCountersState();
  const reset = heap.reset.bind(heap);
  heap.reset = () => {
    Object.assign(counters, newMarkingCountersState());
    reset();
  };
  const verifier: MarkingVerifier = {
    start(view) {
      checkMarkingCounters(counters, heap.stats(), 'start', view.step);
      snapshot = recordSnapshotEdges(view);
    },
    slice(report) {
      checkSliceBudget(report);
      checkMarkingCounters(counters, heap.stats(), 'slice', report.step);
      stats.slicesChecked++;
    },
    end(view) {
      checkMarkingCounters(counters, heap.stats(), 'end', view.step);
      checkRoots?.(view.roots);
      if (snapshot !== null) checkSnapshotEdges(snapshot, view);
      snapshot = null;
      checkClosure(view);
      stats.floatingGarbage += checkContainment(view).floatingGarbage;
      stats.verified++;
      stats.slices += view.slices;
    },
  };
  heap.setMarkingVerifier(verifier);
  return stats;
}
