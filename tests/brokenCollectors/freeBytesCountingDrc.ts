import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE: `usedBytes` counts the free list's blocks as used (the bump region past the
 * null granule, free blocks not subtracted). Every object stays correct, but the store's
 * allocation-failure policy reads usedBytes (collect first only when usage is under half the
 * capacity), so such a heap grows where it should collect. Expected oracle: accounting (DRC's
 * `usedBytes = bumpPointer - 16 - freeBytes`).
 */
class FreeBytesCountingDrcHeap extends DrcHeap {
  protected override usedBytes(): number {
    return this.collectorCounters()['bumpPointer']! - 16;
  }
}

export const freeBytesCountingDrc: GcRuntime = {
  name: 'free-bytes-counting-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new FreeBytesCountingDrcHeap(freeBytesCountingDrc, config),
};

export default freeBytesCountingDrc;
