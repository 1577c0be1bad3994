import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';

/**
 * BROKEN ON PURPOSE: a null heap that refuses an array over the 26-bit size limit as plain out of
 * memory (`allocation larger than the maximum heap`) instead of `allocation too large`, as the
 * Stryker mutants of nullHeap.ts's size-limit test do when the heap's maximum is smaller than the
 * object: the host is told a bigger heap would take it. Expected oracle: leak (the out-of-memory
 * reason, oracles/checkTooLargeReason.ts).
 */
class TooLargeMisnamingNullHeap extends NullHeap {
  override allocArray(typeIndex: number, length: number): GcRef | null {
    try {
      return super.allocArray(typeIndex, length);
    } catch (e) {
      if (e instanceof OutOfMemoryError && e.message.startsWith('allocation too large')) throw new OutOfMemoryError(e.requestedBytes, 'allocation larger than the maximum heap');
      throw e;
    }
  }
}

export const tooLargeMisnamingNull: GcRuntime = {
  name: 'too-large-misnaming-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new TooLargeMisnamingNullHeap(tooLargeMisnamingNull, config),
};

export default tooLargeMisnamingNull;
