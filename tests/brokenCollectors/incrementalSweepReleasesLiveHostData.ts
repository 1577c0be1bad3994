import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: the sweep releases the host data of every externref it visits, live (marked) ones included, after a collection in which the mutator ran between slices.
 * Expected oracle: dangling-host-data.
 */
class Broken extends IncrementalHeap {
  protected override sweepExternref(hostData: ExternRefHostDataTable, ref: number, marked: boolean): boolean {
    if (marked && this.isMutatedCycle()) hostData.dealloc(this.externrefHostData(ref));
    return super.sweepExternref(hostData, ref, marked);
  }
}

export default brokenIncremental('incremental-sweep-releases-live-host-data', (runtime, config) => new Broken(runtime, config));
