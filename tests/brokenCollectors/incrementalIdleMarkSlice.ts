import type { GcProgress } from '../../src/runtime/gcHeap';
import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: a marking-only slice (`GarbageCollection.markSlice`, asked for at barrier
 * calls and inside no-GC scopes) does nothing. Marking still finishes in the next full slice, so
 * no collection's result shows it; the store-calls oracle (oracles/installStoreCallsOracle.ts)
 * sees a `sliceIncremental` inside a no-GC scope that ran no heap slice. Expected oracle: accounting.
 */
class Broken extends IncrementalHeap {
  override slice(epoch: number, budget: number, mayFinish: boolean): GcProgress {
    return mayFinish ? super.slice(epoch, budget, mayFinish) : 'continue';
  }
}

export default brokenIncremental('incremental-idle-mark-slice', (runtime, config) => new Broken(runtime, config));
