import type { GcHeap, GcHeapConfig, GcProgress, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';

/**
 * BROKEN ON PURPOSE: a copying slice that throws (a SandboxError over forged bytes) leaves its
 * collection unfinished instead of rolling it back at once (`abandonGc`, a protected hook of
 * GcHeapBase, is skipped while a slice runs): the objects it copied keep their COPIED bits and
 * forwarding words until the next collection starts, so a mutator that reads one meets a header
 * the heap calls corrupt. Expected oracle: sandbox (a forged collection must roll back:
 * oracles/checkSandbox.ts `checkForgedCollection`).
 */
class ThrowKeepingCopyingHeap extends CopyingHeap {
  private inSlice = false;

  override collectSlice(epoch: number): GcProgress {
    this.inSlice = true;
    try {
      return super.collectSlice(epoch);
    } finally {
      this.inSlice = false;
    }
  }

  protected override abandonGc(): void {
    if (!this.inSlice) super.abandonGc();
  }
}

export const throwKeepingCopying: GcRuntime = {
  name: 'throw-keeping-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new ThrowKeepingCopyingHeap(throwKeepingCopying, config),
};

export default throwKeepingCopying;
