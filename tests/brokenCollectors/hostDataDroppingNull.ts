import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: dropping any host handle to an externref releases its host data, as if that
 * handle were the last reference (fields, tables, globals and other handles may still hold it),
 * so a live externref's id names nothing or, once the slot is reused, a newer host object (the
 * null heap's seam `releaseHostDataOnDrop`). Expected oracle: dangling-host-data.
 */
export const hostDataDroppingNull: GcRuntime = {
  name: 'host-data-dropping-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new NullHeap(hostDataDroppingNull, config, { releaseHostDataOnDrop: true }),
};

export default hostDataDroppingNull;
