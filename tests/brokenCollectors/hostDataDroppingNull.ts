import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { GcRef } from '../../src/runtime/gcRef';
import { GcKind } from '../../src/runtime/gcKind';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: dropping any host handle to an externref releases its host data, as if that
 * handle were the last reference (fields, tables, globals and other handles may still hold it),
 * so a live externref's id names nothing or, once the slot is reused, a newer host object.
 * Expected oracle: dangling-host-data.
 */
class HostDataDroppingNullHeap extends NullHeap {
  override dropGcRef(hostData: ExternRefHostDataTable, ref: GcRef): void {
    super.dropGcRef(hostData, ref);
    if (ref !== 0 && (ref & 1) === 0 && ((this.headerKind(ref) & 0xfc000000) >>> 0) === GcKind.ExternRef) {
      const id = this.externrefHostData(ref);
      if (hostData.has(id)) hostData.dealloc(id);
    }
  }
}

export const hostDataDroppingNull: GcRuntime = {
  name: 'host-data-dropping-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new HostDataDroppingNullHeap(hostDataDroppingNull, config),
};

export default hostDataDroppingNull;
