import type { GarbageCollection, GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { GcRootsList } from '../../src/runtime/gcRootsList';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';

/** The copying heap's private abandonment counter, reached past TypeScript's `private` (test code only). */
interface AbandonCount {
  nAbandoned: number;
}

/**
 * BROKEN ON PURPOSE: a collection that a new one replaces (started, never driven to its end) is
 * rolled back but not counted in `stats().counters.abandoned`, so the counter an embedder reads
 * to see dropped collections misses them. Every collection's result is correct. Expected oracle:
 * accounting (checkAbandonedCount: every collection started is completed or abandoned).
 */
class UncountedReplacementCopyingHeap extends CopyingHeap {
  protected override startCollection(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
    const self = this as unknown as AbandonCount;
    const before = self.nAbandoned;
    const c = super.startCollection(roots, hostData);
    self.nAbandoned = before;
    return c;
  }
}

export const uncountedReplacementCopying: GcRuntime = {
  name: 'uncounted-replacement-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new UncountedReplacementCopyingHeap(uncountedReplacementCopying, config),
};

export default uncountedReplacementCopying;
