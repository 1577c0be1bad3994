import type { GcRuntime } from '../../src/runtime/gcHeap';
import { drcCollector } from '../../src/runtime/collectors/drcCollector';

/**
 * BROKEN ON PURPOSE: DRC under a store that, entering Wasm, asks the heap whether to collect first
 * and ignores a "collect" answer (the `GcRuntime.storeFaults.skipEnterWasmGc` seam). The heap's
 * answers stay right and when collections happen is an allowed difference, so only the store-calls
 * oracle (oracles/installStoreCallsOracle.ts) sees it. Expected oracle: stack-roots-trigger.
 */
export const enterWasmSkippingDrc: GcRuntime = { ...drcCollector, name: 'enter-wasm-skipping-drc', storeFaults: { skipEnterWasmGc: true } };

export default enterWasmSkippingDrc;
