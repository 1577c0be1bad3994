import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';

/**
 * BROKEN ON PURPOSE: a copying heap that answers null ("collect and retry") to an object larger
 * than any semi-space it may ever have, instead of out of memory (the Stryker mutants of
 * copyingHeap.ts's `total > this.maxSemiSize()` test): the store collects and grows to the maximum
 * for a request no collection can help. The store still ends in out of memory. Expected oracle:
 * accounting (oracles/beyondMaximum.ts, judged by the ledger on the heap's own answer).
 */
class MaxIgnoringCopyingHeap extends CopyingHeap {
  protected override allocRaw(kindWord: number, ty: number, size: number): number {
    try {
      return super.allocRaw(kindWord, ty, size);
    } catch (e) {
      if (e instanceof OutOfMemoryError && e.message.startsWith('allocation larger than a maximum semi-space')) return 0;
      throw e;
    }
  }
}

export const maxIgnoringCopying: GcRuntime = {
  name: 'max-ignoring-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new MaxIgnoringCopyingHeap(maxIgnoringCopying, config),
};

export default maxIgnoringCopying;
