import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { slotKindOf, type GcRefSlots } from '../../src/runtime/gcRootsList';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: a null heap whose write barrier loses every write into a host handle's slot
 * (`Store.set`), so the handle keeps its old object. Expected oracle: dangling (a handle read back,
 * at the latest as it is dropped, against the reference model).
 */
class HandleWriteLosingNullHeap extends NullHeap {
  override writeGcRef(hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void {
    // Through the barrier as a write of the value already there: counted, but the slot keeps it.
    super.writeGcRef(hostData, slots, index, slotKindOf(slots) === 'handle' ? (slots[index] ?? 0) : source);
  }
}

export const handleWriteLosingNull: GcRuntime = {
  name: 'handle-write-losing-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new HandleWriteLosingNullHeap(handleWriteLosingNull, config),
};

export default handleWriteLosingNull;
