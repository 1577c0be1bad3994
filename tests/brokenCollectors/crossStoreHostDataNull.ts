import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';
import { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';

/** Every table this runtime made, in the order made: the process-wide registry of the bug. */
const tables: CrossStoreHostDataTable[] = [];

/**
 * BROKEN ON PURPOSE: host-data ids are resolved process-wide. An id that is not live in the
 * store's own table is looked up in the other stores' tables (a runtime that keeps one id space
 * per engine, not per store), so a forged or foreign id reads another store's host object.
 * Injected through `GcRuntime.newHostDataTable`. Expected oracle: sandbox (forge kind hostForeign).
 */
class CrossStoreHostDataTable extends ExternRefHostDataTable {
  constructor() {
    super();
    tables.push(this);
  }

  override get(id: number): unknown {
    if (this.has(id)) return super.get(id);
    for (const t of tables) if (t !== this && t.has(id)) return t.get(id);
    return super.get(id);
  }
}

export const crossStoreHostDataNull: GcRuntime = {
  name: 'cross-store-host-data-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new NullHeap(crossStoreHostDataNull, config),
  newHostDataTable: () => new CrossStoreHostDataTable(),
};

export default crossStoreHostDataNull;
