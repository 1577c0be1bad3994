import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';
import { wrapCopyingForward } from './wrapCopyingForward';

/**
 * BROKEN ON PURPOSE: the copying collector reads a traced ref's COPIED bit before proving the ref
 * names an object of the active space (the real `forward` first demands a 16-aligned ref whose
 * header lies below the bump pointer): a misaligned ref into a copied object's header is
 * forwarded to that object, and a header past the bump pointer is judged by its forwarding word.
 * The forwarding word itself is still checked. Expected oracle: sandbox (forge kind copiedBit's
 * forged fields: oracles/checkSandbox.ts `checkForgedCollection`).
 */
class CopiedBitFirstCopyingHeap extends CopyingHeap {
  constructor(runtime: GcRuntime, config: GcHeapConfig) {
    super(runtime, config);
    wrapCopyingForward(this, (forward, self) => (ref) => {
      const u32 = self.u32;
      if ((ref >>> 2) + 4 < u32.length && (u32[ref >>> 2]! & 1) !== 0) {
        const f = u32[(ref >>> 2) + 4]!;
        if (f >= self.toStart && f < self.toBump && (f & 15) === 0) return f;
      }
      return forward(ref);
    });
  }
}

export const copiedBitFirstCopying: GcRuntime = {
  name: 'copied-bit-first-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new CopiedBitFirstCopyingHeap(copiedBitFirstCopying, config),
};

export default copiedBitFirstCopying;
