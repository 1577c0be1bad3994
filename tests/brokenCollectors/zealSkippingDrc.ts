import type { GcRuntime } from '../../src/runtime/gcHeap';
import { drcCollector } from '../../src/runtime/collectors/drcCollector';

/**
 * BROKEN ON PURPOSE: DRC under a store whose gc_zeal ("collect every N allocations") resets its
 * count without collecting (the `GcRuntime.storeFaults.skipZealGc` seam). Nothing else differs,
 * and when collections happen is an allowed difference, so only the store-counts part of the
 * accounting oracle (oracles/installStoreCountsOracle.ts) sees it. Expected oracle: accounting.
 */
export const zealSkippingDrc: GcRuntime = { ...drcCollector, name: 'zeal-skipping-drc', storeFaults: { skipZealGc: true } };

export default zealSkippingDrc;
