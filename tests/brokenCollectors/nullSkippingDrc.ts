import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { GcRef } from '../../src/runtime/gcRef';
import type { GcRefSlots } from '../../src/runtime/gcRootsList';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE (Wasmtime #14325, `table.fill` with null lowered to a memset): storing null,
 * into a table, global or handle slot or into a ref field or element, is a plain store that skips
 * the write barrier, so the value it overwrites never loses its count and is never freed.
 * Expected oracle: leak.
 */
class NullSkippingDrcHeap extends DrcHeap {
  override writeGcRef(hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void {
    if (source === 0) {
      // Still counted as a write, as the field path below is (GcHeapBase counts before the barrier),
      // so that the accounting oracle does not report the skipped barrier before the leak does.
      this.nWrites++;
      slots[index] = 0;
    } else super.writeGcRef(hostData, slots, index, source);
  }

  protected override writeRefField(hostData: ExternRefHostDataTable, addr: number, value: GcRef): void {
    if (value === 0) this.u32[addr >>> 2] = 0;
    else super.writeRefField(hostData, addr, value);
  }
}

export const nullSkippingDrc: GcRuntime = {
  name: 'null-skipping-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new NullSkippingDrcHeap(nullSkippingDrc, config),
};

export default nullSkippingDrc;
