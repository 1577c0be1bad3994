import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE: DRC whose free list never puts a block larger than SMALL_LIMIT (4096 bytes)
 * into its large set (the FreeList seam `forgetLargeBlocks`), so such a block is never reused and
 * the heap grows instead; the Stryker mutant that drops `this.large.add(start)`. The free-list
 * oracle sees the first allocation such a block should have served; the free list's own zeal
 * check (`FreeList.verify`, zeal `checks`) sees it too, while such a block is free. Expected
 * oracle: free-list.
 */
export const largeBlockForgettingDrc: GcRuntime = {
  name: 'large-block-forgetting-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new DrcHeap(largeBlockForgettingDrc, config, { freeList: { forgetLargeBlocks: true } }),
};

export default largeBlockForgettingDrc;
