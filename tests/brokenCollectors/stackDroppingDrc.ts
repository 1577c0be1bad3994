import type { GarbageCollection, GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import { GcRootsList } from '../../src/runtime/gcRootsList';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE (the shape of CVE-2022-24791 / CVE-2022-31146: live stack refs not reported):
 * the trace ignores the Wasm stack roots it is given, so the sweep unlinks and decrements every
 * listed object, freeing objects that only a Wasm frame still holds. Expected oracle: dangling.
 */
class StackDroppingDrcHeap extends DrcHeap {
  protected override startCollection(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
    void roots;
    return super.startCollection(new GcRootsList(), hostData);
  }
}

export const stackDroppingDrc: GcRuntime = {
  name: 'stack-dropping-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new StackDroppingDrcHeap(stackDroppingDrc, config),
};

export default stackDroppingDrc;
