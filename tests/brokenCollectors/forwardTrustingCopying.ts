import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';
import { wrapCopyingForward } from './wrapCopyingForward';

/**
 * BROKEN ON PURPOSE: the copying collector trusts a from-space header's COPIED bit: an object
 * that says it was already copied is forwarded to whatever its forwarding word names, unchecked
 * (the real `forward` demands a 16-aligned to-space object, else SandboxError 'bad header'). A
 * forged COPIED bit makes the collection rewrite a root to an arbitrary address. Expected oracle:
 * sandbox (forge kind copiedBit: oracles/checkSandbox.ts `checkForgedCollection`).
 */
class ForwardTrustingCopyingHeap extends CopyingHeap {
  constructor(runtime: GcRuntime, config: GcHeapConfig) {
    super(runtime, config);
    wrapCopyingForward(this, (forward, self) => (ref) => {
      const u32 = self.u32;
      if ((ref & 15) === 0 && (ref >>> 2) < u32.length && (u32[ref >>> 2]! & 1) !== 0) return u32[(ref + 16) >>> 2]!;
      return forward(ref);
    });
  }
}

export const forwardTrustingCopying: GcRuntime = {
  name: 'forward-trusting-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new ForwardTrustingCopyingHeap(forwardTrustingCopying, config),
};

export default forwardTrustingCopying;
