import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: a null heap that grows only by doubling (or more) and refuses any smaller
 * growth, so near its maximum, where doubling would pass it, a store's request for just the room
 * an array lacks is refused and the array ends in out of memory although it fits. The estimate's
 * allowance excuses it (the heap is past half its maximum). Expected oracle: leak (the null
 * out-of-memory judgement, oracles/checkNullOutOfMemory.ts; on the ops target the growth judgement
 * sees the refusal too).
 */
class DoublingOnlyNullHeap extends NullHeap {
  override grow(bytes: number): boolean {
    if (bytes < this.vmctxGcHeapBound()) return false;
    return super.grow(bytes);
  }
}

export const doublingOnlyNull: GcRuntime = {
  name: 'doubling-only-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new DoublingOnlyNullHeap(doublingOnlyNull, config),
};

export default doublingOnlyNull;
