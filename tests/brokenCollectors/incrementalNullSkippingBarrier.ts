import type { GcRef } from '../../src/runtime/gcRef';
import type { SlotKind } from '../../src/runtime/gcRootsList';
import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: the deletion barrier is skipped when the new value is null (the shape of Wasmtime #14325): clearing a slot or dropping a handle while marking is open loses the snapshot edge.
 * Expected oracle: snapshot-edges.
 */
class Broken extends IncrementalHeap {
  protected override barrierApplies(_kind: SlotKind, newValue: GcRef): boolean {
    return newValue !== 0;
  }
}

export default brokenIncremental('incremental-null-skipping-barrier', (runtime, config) => new Broken(runtime, config));
