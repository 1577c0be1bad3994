import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: a null heap that asks for a collection before every transition into Wasm
 * that carries a ref (`needGcBeforeEnteringWasm` always says yes), though it keeps no stack-roots
 * list: a collection per host call that reclaims nothing. Correct but for its cost, so no heap
 * oracle sees it. Expected oracle: stack-roots-trigger.
 */
class EagerTriggerNullHeap extends NullHeap {
  override needGcBeforeEnteringWasm(numGcRefs: number): boolean {
    void numGcRefs;
    return true;
  }
}

export const eagerTriggerNull: GcRuntime = {
  name: 'eager-trigger-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new EagerTriggerNullHeap(eagerTriggerNull, config),
};

export default eagerTriggerNull;
