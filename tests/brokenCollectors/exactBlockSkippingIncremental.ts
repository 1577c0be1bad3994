import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';
import { FREE_LIST_ALIGN, SMALL_LIMIT, type FreeList } from '../../src/runtime/freeList';

/**
 * BROKEN ON PURPOSE: the incremental collector whose free list starts its size-class scan one
 * class too high, so a small request is never served from a block of exactly its size (a worse,
 * larger block is split instead, or the heap grows): `c = size / FREE_LIST_ALIGN + 1`. Built through
 * the `withFreeList` seam: the list is asked for one granule more and the granule is freed again
 * (it merges with the remainder). The heap stays sound, so only the free-list oracle sees it.
 * Expected oracle: free-list.
 */
function exactBlockSkipping(list: FreeList): void {
  const alloc = list.alloc.bind(list);
  const free = list.free.bind(list);
  list.alloc = (size: number): number => {
    if (size > SMALL_LIMIT) return alloc(size);
    const r = alloc(size + FREE_LIST_ALIGN);
    if (r !== 0) free(r + size, FREE_LIST_ALIGN);
    return r;
  };
}

export default brokenIncremental('exact-block-skipping-incremental', (runtime, config) => {
  const heap = new IncrementalHeap(runtime, config);
  heap.withFreeList(exactBlockSkipping);
  return heap;
});
