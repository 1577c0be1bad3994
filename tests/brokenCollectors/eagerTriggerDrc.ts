import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE: the entering-Wasm trigger fires on every transition that carries a ref,
 * below the floor too (`needGcBeforeEnteringWasm` always says yes): a full collection per host
 * call into Wasm. Correct but for its cost, so no heap oracle sees it. Expected oracle:
 * stack-roots-trigger.
 */
class EagerTriggerDrcHeap extends DrcHeap {
  override needGcBeforeEnteringWasm(numGcRefs: number): boolean {
    void numGcRefs;
    return true;
  }
}

export const eagerTriggerDrc: GcRuntime = {
  name: 'eager-trigger-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new EagerTriggerDrcHeap(eagerTriggerDrc, config),
};

export default eagerTriggerDrc;
