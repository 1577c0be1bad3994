import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE (Wasmtime #9701): when a count reaches zero the object is freed but its
 * children are never decremented, so everything it referenced leaks (the DRC seam
 * `skipChildDecrements`). Expected oracle: leak.
 */
export const leakyDrc: GcRuntime = {
  name: 'leaky-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new DrcHeap(leakyDrc, config, { skipChildDecrements: true }),
};

export default leakyDrc;
