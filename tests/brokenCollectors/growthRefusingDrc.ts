import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/** Largest growth step the broken heap accepts. */
const MAX_STEP = 8192;

/**
 * BROKEN ON PURPOSE: a DRC heap that refuses any single growth step over 8 KiB (as a heap mapping
 * fixed chunks that rejects a larger request instead of mapping several), like a store whose
 * growth estimate for an array is wrong (the surviving gcLayout.ts `arrayObjectSize` mutants): an
 * array allocation that needs a bigger step fails with out-of-memory although the heap is far
 * from its maximum. Expected oracle: leak (the out-of-memory judgement).
 */
class GrowthRefusingDrcHeap extends DrcHeap {
  override grow(bytes: number): boolean {
    return bytes <= MAX_STEP && super.grow(bytes);
  }
}

export const growthRefusingDrc: GcRuntime = {
  name: 'growth-refusing-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new GrowthRefusingDrcHeap(growthRefusingDrc, config),
};

export default growthRefusingDrc;
