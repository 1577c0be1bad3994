import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';
import { GcKind } from '../../src/runtime/gcKind';

/** The copying heap's private final slice and externref list, reached past TypeScript's `private` (test code only). */
interface ListInternals {
  commit(): void;
  readonly u32: Uint32Array;
  readonly externHead: number;
  readonly activeStart: number;
  readonly bump: number;
}

/**
 * BROKEN ON PURPOSE: the copying collector's final slice walks the from-space externref list
 * leniently: at the first link that names no externref of the active space (misaligned, outside
 * it, not an externref, or back to a member already walked) it ends the list there instead of
 * refusing it with SandboxError 'bad header', so the collection completes and the externrefs past
 * the cut keep their host data. Expected oracle: sandbox (forge kind externLink:
 * oracles/checkSandbox.ts `checkForgedCollection`).
 */
class ListTruncatingCopyingHeap extends CopyingHeap {
  constructor(runtime: GcRuntime, config: GcHeapConfig) {
    super(runtime, config);
    const self = this as unknown as ListInternals;
    const commit = self.commit.bind(this);
    self.commit = (): void => {
      const u32 = self.u32;
      const seen = new Set<number>();
      for (let e = self.externHead; e !== 0;) {
        seen.add(e);
        const next = u32[(e + 12) >>> 2]!;
        const ok = next === 0 || ((next & 15) === 0 && next >= self.activeStart && next + 20 <= self.bump && !seen.has(next) && (u32[next >>> 2]! & 0xfc000000) >>> 0 === GcKind.ExternRef);
        if (!ok) {
          u32[(e + 12) >>> 2] = 0;
          break;
        }
        e = next;
      }
      commit();
    };
  }
}

export const listTruncatingCopying: GcRuntime = {
  name: 'list-truncating-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new ListTruncatingCopyingHeap(listTruncatingCopying, config),
};

export default listTruncatingCopying;
