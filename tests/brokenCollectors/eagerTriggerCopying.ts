import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';

/**
 * BROKEN ON PURPOSE: a copying heap that asks for a collection before every transition into Wasm
 * that carries a ref (`needGcBeforeEnteringWasm` always says yes), though it keeps no stack-roots
 * list: every host call into Wasm copies the whole live heap first. Correct but for its cost, so
 * no heap oracle sees it. Expected oracle: stack-roots-trigger.
 */
class EagerTriggerCopyingHeap extends CopyingHeap {
  override needGcBeforeEnteringWasm(numGcRefs: number): boolean {
    void numGcRefs;
    return true;
  }
}

export const eagerTriggerCopying: GcRuntime = {
  name: 'eager-trigger-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new EagerTriggerCopyingHeap(eagerTriggerCopying, config),
};

export default eagerTriggerCopying;
