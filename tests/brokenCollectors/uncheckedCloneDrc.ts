import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE: the clone barrier counts without validating its ref (no checkObject before
 * the increment): a forged heap ref inside the bound gets its "count word" (bytes 8-11 of
 * whatever it names) incremented, stale bytes of an object or of free memory. Expected oracle:
 * sandbox (a never-valid ref given to DRC's clone must be a SandboxError).
 */
class UncheckedCloneDrcHeap extends DrcHeap {
  override cloneGcRef(ref: GcRef): GcRef {
    if (ref === 0 || (ref & 1) !== 0 || ref + 12 > this.bound) return super.cloneGcRef(ref);
    super.cloneGcRef(0); // the barrier's call counter
    this.u32[(ref + 8) >>> 2] = (this.u32[(ref + 8) >>> 2]! + 1) >>> 0;
    return ref;
  }
}

export const uncheckedCloneDrc: GcRuntime = {
  name: 'unchecked-clone-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new UncheckedCloneDrcHeap(uncheckedCloneDrc, config),
};

export default uncheckedCloneDrc;
