import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';

/** The copying heap's private state of an unfinished collection, reached past TypeScript's `private` (test code only). */
interface CollectionState {
  gcActive: boolean;
  copiedObjects: number;
  liveObjects: number;
}

/**
 * BROKEN ON PURPOSE: abandoning a collection midway (copyingHeap.ts's rollback) restores every
 * from-space word but keeps the half-done collection's object count: `objectCount` becomes the
 * number of objects copied so far, although no object was freed or moved. The heap stays intact,
 * so reads and writes pass; the bookkeeping a leak report or a heap-size policy reads is wrong.
 * Expected oracle: accounting (checkSemiSpaceAccounting: with no completed collection the object
 * count changes only by allocations).
 */
class RollbackCountingCopyingHeap extends CopyingHeap {
  protected override abandonGc(): void {
    const self = this as unknown as CollectionState;
    const abandoning = self.gcActive && self.copiedObjects > 0;
    const copied = self.copiedObjects;
    super.abandonGc();
    if (abandoning) self.liveObjects = copied;
  }
}

export const rollbackCountingCopying: GcRuntime = {
  name: 'rollback-counting-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new RollbackCountingCopyingHeap(rollbackCountingCopying, config),
};

export default rollbackCountingCopying;
