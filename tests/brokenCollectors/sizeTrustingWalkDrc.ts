import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import type { FreeList } from '../../src/runtime/freeList';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/** DRC's private walk state, reached by a cast (no seam in drcHeap.ts, whose text is measured). */
interface DrcWalkState {
  readonly u32: Uint32Array;
  readonly freeList: FreeList;
  readonly bump: number;
}

/**
 * BROKEN ON PURPOSE: DRC whose heap walk trusts every object's size word (walkFreeListHeap without
 * its size check, the Stryker mutant that empties the check's block): a size of 0, one off the
 * 16-byte alignment or one past the bump pointer is followed, so the visitor is handed the object
 * and whatever the size word points at next (a size of 0 walks the same object forever). Expected
 * oracle: sandbox (the forged walk, src/cases/ops/forgeWalk.ts).
 */
class SizeTrustingWalkDrcHeap extends DrcHeap {
  protected override walkObjects(visit: (ref: GcRef) => void): void {
    const s = this as unknown as DrcWalkState;
    for (let p = 16; p < s.bump;) {
      const free = s.freeList.blockAt(p);
      if (free !== 0) {
        p += free;
        continue;
      }
      visit(p);
      p += s.u32[(p + 20) >>> 2]!;
    }
  }
}

export const sizeTrustingWalkDrc: GcRuntime = {
  name: 'size-trusting-walk-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new SizeTrustingWalkDrcHeap(sizeTrustingWalkDrc, config),
};

export default sizeTrustingWalkDrc;
