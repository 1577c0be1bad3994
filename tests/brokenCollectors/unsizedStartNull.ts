import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: the heap ignores its configured initial size and starts at the smallest
 * bound (as heapMemory.ts with `Math.min` for `Math.max` would), relying on the store to grow it
 * on demand: every case then runs on a heap of another shape than the one asked for. Expected
 * oracle: accounting.
 */
export const unsizedStartNull: GcRuntime = {
  name: 'unsized-start-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new NullHeap(unsizedStartNull, { ...config, initialBytes: 0 }),
};

export default unsizedStartNull;
