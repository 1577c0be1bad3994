import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE: the entering-Wasm trigger never fires (`needGcBeforeEnteringWasm` always
 * says no), so the over-approximated stack-roots list, and every count it holds, grows until some
 * other trigger collects; the shape of a transition that does not make room first
 * (CVE-2021-39216). Memory-safe, so no heap oracle sees it. Expected oracle: stack-roots-trigger.
 */
class TriggerIgnoringDrcHeap extends DrcHeap {
  override needGcBeforeEnteringWasm(numGcRefs: number): boolean {
    void numGcRefs;
    return false;
  }
}

export const triggerIgnoringDrc: GcRuntime = {
  name: 'trigger-ignoring-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new TriggerIgnoringDrcHeap(triggerIgnoringDrc, config),
};

export default triggerIgnoringDrc;
