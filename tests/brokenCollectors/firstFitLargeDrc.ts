import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';
import { SMALL_LIMIT, type FreeList } from '../../src/runtime/freeList';

/**
 * BROKEN ON PURPOSE: DRC whose free list serves a request that only a large block (over
 * SMALL_LIMIT) fits from the lowest-addressed large block that fits (first fit) instead of the
 * smallest (best fit): the large-set scan that stops at the first fit. The heap stays sound (the
 * block fits, the remainder stays free), so only the free-list oracle sees it. Built through the
 * `withFreeList` seam: the list's own alloc chooses, and a choice other than the first fit is
 * handed back (which restores its block) and replaced. Expected oracle: free-list.
 */
function firstFitLarge(list: FreeList): void {
  const alloc = list.alloc.bind(list);
  const free = list.free.bind(list);
  const take = list.takeBlockEndingAt.bind(list);
  list.alloc = (size: number): number => {
    const blocks = list.blocks();
    const r = alloc(size);
    const chosen = blocks.find(([s]) => s === r);
    if (chosen === undefined || chosen[1] <= SMALL_LIMIT) return r;
    const [s, n] = blocks.find(([, m]) => m >= size)!;
    if (s === r) return r;
    free(r, size);
    take(s + n);
    if (n > size) free(s + size, n - size);
    return s;
  };
}

export const firstFitLargeDrc: GcRuntime = {
  name: 'first-fit-large-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => {
    const heap = new DrcHeap(firstFitLargeDrc, config);
    heap.withFreeList(firstFitLarge);
    return heap;
  },
};

export default firstFitLargeDrc;
