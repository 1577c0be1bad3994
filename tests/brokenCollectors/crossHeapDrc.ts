import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE: DRC whose heaps share state across stores: each heap remembers the heap made
 * before it and, on every struct allocation, flips a byte in that heap's memory (the shape of a
 * runtime that caches a heap base pointer per thread instead of per store). Expected oracle:
 * sandbox ("another store changed") from the wasm target's bystander store.
 */
let previous: CrossHeapDrcHeap | null = null;

class CrossHeapDrcHeap extends DrcHeap {
  private readonly victim: CrossHeapDrcHeap | null;

  constructor(config: GcHeapConfig) {
    super(crossHeapDrc, config);
    this.victim = previous;
    previous = this;
  }

  override allocStruct(typeIndex: number): GcRef | null {
    const r = super.allocStruct(typeIndex);
    if (this.victim !== null) new Uint8Array(this.victim.vmctxGcHeapBase())[this.victim.vmctxGcHeapBound() - 1]! ^= 1;
    return r;
  }
}

export const crossHeapDrc: GcRuntime = {
  name: 'cross-heap-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new CrossHeapDrcHeap(config),
};

export default crossHeapDrc;
