import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';
import { HEAP_SIZE_ALIGN } from '../../src/runtime/heapMemory';

/**
 * BROKEN ON PURPOSE: a DRC heap that refuses to grow to exactly its maximum (gcHeapBase.ts
 * `extendBound` with `aligned >= this.maxBound`: an off-by-one at the limit), so a store that asks
 * for exactly the room left (Store.growWithinSlack) gets out of memory although the heap could
 * grow. The out-of-memory allowance excuses it (the heap is past half its maximum). Expected
 * oracle: leak (the growth judgement, oracles/installGrowOracle.ts).
 */
class ExactMaxRefusingDrcHeap extends DrcHeap {
  override grow(bytes: number): boolean {
    if (Math.ceil((this.bound + bytes) / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN === this.maxBound) return false;
    return super.grow(bytes);
  }
}

export const exactMaxRefusingDrc: GcRuntime = {
  name: 'exact-max-refusing-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new ExactMaxRefusingDrcHeap(exactMaxRefusingDrc, config),
};

export default exactMaxRefusingDrc;
