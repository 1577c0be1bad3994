import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: a collection that reclaims nothing is not counted as completed
 * (`stats().collections` stays 0), as if "completed" meant "freed something". Expected oracle:
 * accounting.
 */
class UncountedCollectionNullHeap extends NullHeap {
  override completeCollection(): void {
    if (this.checks) this.verifyIntegrity();
  }
}

export const uncountedCollectionNull: GcRuntime = {
  name: 'uncounted-collection-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new UncountedCollectionNullHeap(uncountedCollectionNull, config),
};

export default uncountedCollectionNull;
