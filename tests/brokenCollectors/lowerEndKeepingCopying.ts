import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';

/** The copying heap's private active-space end, reached by a cast (no seam in copyingHeap.ts, whose text is measured). */
interface ActiveEnd {
  activeEnd: number;
}

/**
 * BROKEN ON PURPOSE: a copying heap whose `grow` raises the semi-space size but leaves the active
 * lower space's end where it was (the Stryker mutant of grow's `activeStart === SPACE_BASE` test
 * that is always false): the room just grown is unusable until the next flip, so the store that
 * grew to fit an allocation collects again first. Every collection's result is correct. Expected
 * oracle: accounting (checkSemiSpaceGrowth, judged inside grow).
 */
class LowerEndKeepingCopyingHeap extends CopyingHeap {
  override grow(bytes: number): boolean {
    const s = this as unknown as ActiveEnd;
    const end = s.activeEnd;
    const ok = super.grow(bytes);
    s.activeEnd = end;
    return ok;
  }
}

export const lowerEndKeepingCopying: GcRuntime = {
  name: 'lower-end-keeping-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new LowerEndKeepingCopyingHeap(lowerEndKeepingCopying, config),
};

export default lowerEndKeepingCopying;
