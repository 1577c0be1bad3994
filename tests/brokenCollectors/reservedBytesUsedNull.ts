import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: `usedBytes` counts the 8 reserved bytes below the first object as used (the
 * bump pointer reported as usage), so the store's collect-or-grow choice and every usage report
 * are off by 8 bytes. Expected oracle: accounting.
 */
class ReservedBytesUsedNullHeap extends NullHeap {
  protected override usedBytes(): number {
    return super.usedBytes() + 8;
  }
}

export const reservedBytesUsedNull: GcRuntime = {
  name: 'reserved-bytes-used-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new ReservedBytesUsedNullHeap(reservedBytesUsedNull, config),
};

export default reservedBytesUsedNull;
