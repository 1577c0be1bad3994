import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';
import type { FreeList } from '../../src/runtime/freeList';

/**
 * BROKEN ON PURPOSE: DRC whose free list drops the remainder when it splits a block (Stryker's
 * `if (blockSize > size) this.add(...)` removed): those bytes are neither free nor an object, so
 * the heap leaks them. Built through the `withFreeList` seam: after the list's own alloc, the
 * remainder it kept is taken out again. Expected oracle: free-list, at the split itself.
 */
function remainderLeaking(list: FreeList): void {
  const alloc = list.alloc.bind(list);
  const take = list.takeBlockEndingAt.bind(list);
  list.alloc = (size: number): number => {
    const r = alloc(size);
    const rest = r === 0 ? 0 : list.blockAt(r + size);
    if (rest > 0) take(r + size + rest);
    return r;
  };
}

export const remainderLeakingDrc: GcRuntime = {
  name: 'remainder-leaking-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => {
    const heap = new DrcHeap(remainderLeakingDrc, config);
    heap.withFreeList(remainderLeaking);
    return heap;
  },
};

export default remainderLeakingDrc;
