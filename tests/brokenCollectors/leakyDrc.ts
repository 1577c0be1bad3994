import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/** The DrcHeap internals this bug reaches into (TypeScript-private, so reached by cast). */
interface DrcInternals {
  decRef(hostData: ExternRefHostDataTable, ref: number): void;
  decOne(ref: number): boolean;
  freeObject(ref: number): void;
  u32: Uint32Array;
}

/**
 * BROKEN ON PURPOSE (Wasmtime #9701): when a count reaches zero the object is freed but its
 * children are never decremented, so everything it referenced leaks. Expected oracle: leak.
 */
class LeakyDrcHeap extends DrcHeap {
  constructor(runtime: GcRuntime, config: GcHeapConfig) {
    super(runtime, config);
    const self = this as unknown as DrcInternals;
    self.decRef = (hostData, ref) => {
      if (!self.decOne(ref)) return;
      if (self.u32[ref >>> 2]! >>> 26 === 0b010000) hostData.dealloc(self.u32[(ref + 24) >>> 2]!);
      self.freeObject(ref);
    };
  }
}

export const leakyDrc: GcRuntime = {
  name: 'leaky-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new LeakyDrcHeap(leakyDrc, config),
};

export default leakyDrc;
