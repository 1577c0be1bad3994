import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap, DEFAULT_INCREMENT_BUDGET } from '../../src/runtime/collectors/copyingHeap';

/**
 * BROKEN ON PURPOSE: the copying collector's slices do twice the work the store's increment
 * budget allows (the heap is built with double the configured `incrementBudget`), so a collection
 * of more than one budget's work finishes in fewer, longer slices than the embedder asked for.
 * Every collection's result is correct. Expected oracle: accounting (checkCopyingSliceBudget).
 */
export const sliceOverrunCopying: GcRuntime = {
  name: 'slice-overrun-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new CopyingHeap(sliceOverrunCopying, { ...config, incrementBudget: 2 * (config.incrementBudget ?? DEFAULT_INCREMENT_BUDGET) }),
};

export default sliceOverrunCopying;
