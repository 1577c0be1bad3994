import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';
import { InvariantError } from '../../src/errors/InvariantError';

/**
 * BROKEN ON PURPOSE: a null heap whose zeal check of the bump pointer is off by one
 * (`bump >= bound` where `bump > bound` is meant: the Stryker mutant of nullHeap.ts's
 * verifyCollector), so a heap filled exactly to its bound is reported corrupt. Needs an
 * allocation that ends exactly at the bound, then a collection with zeal `checks` on
 * (sizeBoundarySnippet's exact fills). Expected oracle: invariant.
 */
class FullHeapRejectingNullHeap extends NullHeap {
  protected override verifyCollector(): void {
    const s = this.stats();
    const bump = s.counters['bumpPointer']!;
    if (bump >= s.capacityBytes + 8) throw new InvariantError('bump pointer', `${bump} outside [8, ${s.capacityBytes + 8})`);
    super.verifyCollector();
  }
}

export const fullHeapRejectingNull: GcRuntime = {
  name: 'full-heap-rejecting-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new FullHeapRejectingNullHeap(fullHeapRejectingNull, config),
};

export default fullHeapRejectingNull;
