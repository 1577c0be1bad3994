import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { isHeapRef, type GcRef } from '../../src/runtime/gcRef';
import { GcKind } from '../../src/runtime/gcKind';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: `dropGcRef` of an externref is not counted in `stats().counters.dropGcRef`
 * (a barrier whose bookkeeping skips one kind of object: the counts a tuning or leak report reads
 * are wrong). Nothing else changes. Expected oracle: accounting.
 */
class UncountedDropNullHeap extends NullHeap {
  override dropGcRef(hostData: ExternRefHostDataTable, ref: GcRef): void {
    super.dropGcRef(hostData, ref);
    if (isHeapRef(ref) && this.headerKind(ref) === GcKind.ExternRef) this.nDrops--;
  }
}

export const uncountedDropNull: GcRuntime = {
  name: 'uncounted-drop-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new UncountedDropNullHeap(uncountedDropNull, config),
};

export default uncountedDropNull;
