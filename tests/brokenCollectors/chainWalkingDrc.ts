import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';
import { K_STRUCT } from '../../src/runtime/gcHeapBase';
import { isHeapRef } from '../../src/runtime/gcRef';
import type { TypeInfo } from '../../src/runtime/typeInfo';

/** The DrcHeap internals this bug reaches into (TypeScript-private, so reached by cast). */
interface DrcInternals {
  decRef(hostData: ExternRefHostDataTable, ref: number): void;
  infoFor(ty: number): TypeInfo | null;
  u32: Uint32Array;
}

/**
 * BROKEN ON PURPOSE (a hang): before each decrement it walks the object's chain of first ref
 * fields to its end, with no visited set, so a decrement that reaches a cycle through first fields
 * (a ring of nodes) never returns. Nothing is allocated while it spins. Expected oracle: timeout
 * (the session's watchdog), since no oracle inside the hung thread can run.
 */
class ChainWalkingDrcHeap extends DrcHeap {
  constructor(runtime: GcRuntime, config: GcHeapConfig) {
    super(runtime, config);
    const self = this as unknown as DrcInternals;
    const decRef = self.decRef.bind(this);
    self.decRef = (hostData, ref) => {
      for (let r = ref; ;) {
        if (self.u32[r >>> 2]! >>> 26 !== K_STRUCT) break;
        const first = self.infoFor(self.u32[(r + 4) >>> 2]!)?.refOffsets[0];
        if (first === undefined) break;
        const next = self.u32[(r + first) >>> 2]!;
        if (!isHeapRef(next)) break;
        r = next;
      }
      decRef(hostData, ref);
    };
  }
}

export const chainWalkingDrc: GcRuntime = {
  name: 'chain-walking-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new ChainWalkingDrcHeap(chainWalkingDrc, config),
};

export default chainWalkingDrc;
