import type { GcHeap, GcHeapConfig, GcRuntime } from '../gcHeap';
import { CopyingHeap } from './copyingHeap';

/** Seed `GcRuntime` for Wasmtime's Cheney semi-space copying collector: precise, moving. */
export const copyingCollector: GcRuntime = {
  name: 'copying',
  reclaims: 'all',
  moving: true,
  newGcHeap(config: GcHeapConfig): GcHeap {
    return new CopyingHeap(copyingCollector, config);
  },
};

export default copyingCollector;
