import type { GcHeap, GcHeapConfig, GcRuntime } from '../gcHeap';
import { DrcHeap } from './drcHeap';

/** Seed `GcRuntime` for Wasmtime's deferred reference-counting collector (never collects cycles). */
export const drcCollector: GcRuntime = {
  name: 'drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap(config: GcHeapConfig): GcHeap {
    return new DrcHeap(drcCollector, config);
  },
};

export default drcCollector;
