import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';
import { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';

/**
 * BROKEN ON PURPOSE: the host-data table does not check ids on lookup. A released, 0 or
 * never-allocated id reads as `undefined` (what a JS array gives for a hole or an index past its
 * end; in Rust, a slab read without a check) instead of raising SandboxError. Injected through
 * `GcRuntime.newHostDataTable`. Expected oracle: sandbox (forge kinds hostStale, hostZero, hostPastEnd).
 */
class ForgivingHostDataTable extends ExternRefHostDataTable {
  override get(id: number): unknown {
    return this.has(id) ? super.get(id) : undefined;
  }
}

export const forgivingHostDataNull: GcRuntime = {
  name: 'forgiving-host-data-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new NullHeap(forgivingHostDataNull, config),
  newHostDataTable: () => new ForgivingHostDataTable(),
};

export default forgivingHostDataNull;
