import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DEFAULT_INCREMENTAL_ZEAL } from '../../src/runtime/collectors/incrementalCollector';

/** A broken variant of the incremental collector, with the built-in's default incremental zeal. */
export function brokenIncremental(name: string, make: (runtime: GcRuntime, config: GcHeapConfig) => GcHeap): GcRuntime {
  const runtime: GcRuntime = {
    name,
    reclaims: 'all',
    moving: false,
    mutatorRunsBetweenIncrements: true,
    incrementalZeal: DEFAULT_INCREMENTAL_ZEAL,
    newGcHeap: (config) => make(runtime, config),
  };
  return runtime;
}
