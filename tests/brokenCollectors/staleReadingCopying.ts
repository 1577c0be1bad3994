import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';

/**
 * BROKEN ON PURPOSE: the copying heap's extent check (`checkExtent`, a protected hook of
 * GcHeapBase) lets through any ref below the active semi-space: while the upper space is active, a
 * stale ref to a moved object's old copy in the lower space is read as if it were live (stale data
 * of this heap, no SandboxError 'freed'). Refs from the active start up are checked as before.
 * Expected oracle: sandbox (a forged freed ref on a copying heap: oracles/checkSandbox.ts
 * `semiSpaceViolations`).
 */
class StaleReadingCopyingHeap extends CopyingHeap {
  protected override checkExtent(ref: number, w0: number, size: number): void {
    if (ref < this.stats().counters['activeStart']!) return;
    super.checkExtent(ref, w0, size);
  }
}

export const staleReadingCopying: GcRuntime = {
  name: 'stale-reading-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new StaleReadingCopyingHeap(staleReadingCopying, config),
};

export default staleReadingCopying;
