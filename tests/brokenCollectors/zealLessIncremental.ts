import type { GcRuntime } from '../../src/runtime/gcHeap';
import { incrementalCollector } from '../../src/runtime/collectors/incrementalCollector';

/**
 * BROKEN ON PURPOSE: the incremental collector under a store that runs no incremental zeal,
 * although the collector asks for one (the `GcRuntime.storeFaults.skipIncrementalZeal` seam).
 * Every collection is still correct and when collections happen is an allowed difference, so
 * only the zeal-liveness part of the store-calls oracle (oracles/installStoreCallsOracle.ts)
 * sees it. Expected oracle: accounting.
 */
export const zealLessIncremental: GcRuntime = { ...incrementalCollector, name: 'zeal-less-incremental', storeFaults: { skipIncrementalZeal: true } };

export default zealLessIncremental;
