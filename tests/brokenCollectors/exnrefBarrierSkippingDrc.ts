import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE (Wasmtime #13330's shape, exnref barriers): an exnref stored into a global, a
 * table, a struct field or an array element skips the write barrier's increment (the DRC seam
 * `skipExnrefStoreBarrier`), so the exception object is under-counted: once the Wasm stack lets go
 * of it, it is freed while that slot still refers to it. Expected oracle: a sandbox/dangling-ref
 * failure (use after free) or a differential mismatch against the model heap.
 */
export const exnrefBarrierSkippingDrc: GcRuntime = {
  name: 'exnref-barrier-skipping-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new DrcHeap(exnrefBarrierSkippingDrc, config, { skipExnrefStoreBarrier: true }),
};

export default exnrefBarrierSkippingDrc;
