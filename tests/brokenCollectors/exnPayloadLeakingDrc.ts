import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE: the DRC collector forgets an exception object's payload refs when it frees
 * the exception (the DRC seam `skipExnPayload`), so whatever the payload referenced leaks.
 * Expected oracle: leak.
 */
export const exnPayloadLeakingDrc: GcRuntime = {
  name: 'exn-payload-leaking-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new DrcHeap(exnPayloadLeakingDrc, config, { skipExnPayload: true }),
};

export default exnPayloadLeakingDrc;
