import type { GcHeap, GcHeapConfig, GcRuntime } from '../gcHeap';
import { NullHeap } from './nullHeap';

/** Seed `GcRuntime` for Wasmtime's null collector: bump allocation, reclaims nothing, never moves. */
export const nullCollector: GcRuntime = {
  name: 'null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap(config: GcHeapConfig): GcHeap {
    return new NullHeap(nullCollector, config);
  },
};

export default nullCollector;
