import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';

/**
 * BROKEN ON PURPOSE: off by one at both of the heap's limits (`>=` for `>`): a block that would
 * end exactly at the current bound is "no room" (null: the store collects or grows first), and one
 * that would end exactly at the maximum bound is out of memory as "larger than the maximum heap".
 * An array that fills the empty heap to the byte is then refused or needs growth; the
 * out-of-memory allowance accepts the refusal (the request is more than a quarter of the heap).
 * Expected oracle: leak, from the exact-fit judgement (oracles/installExactFitOracle.ts).
 */
class ExactFitRefusingDrcHeap extends DrcHeap {
  protected override allocRaw(kindWord: number, ty: number, size: number): number {
    const total = this.allocSizeFor(size);
    if (total >= this.maxBound - 16) throw new OutOfMemoryError(total, 'allocation larger than the maximum heap');
    if (this.collectorCounters()['bumpPointer']! + total === this.bound && this.stats().objectCount === 0) return 0;
    return super.allocRaw(kindWord, ty, size);
  }
}

export const exactFitRefusingDrc: GcRuntime = {
  name: 'exact-fit-refusing-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new ExactFitRefusingDrcHeap(exactFitRefusingDrc, config),
};

export default exactFitRefusingDrc;
