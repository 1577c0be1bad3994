import type { GcRef } from '../../src/runtime/gcRef';
import type { SlotKind } from '../../src/runtime/gcRootsList';
import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: the deletion barrier is missing for global slots: overwriting (or dropping) a global while marking is open does not shade the old target, so an object whose last snapshot edge was that slot can be left white.
 * Expected oracle: snapshot-edges.
 */
class Broken extends IncrementalHeap {
  protected override barrierApplies(kind: SlotKind, _newValue: GcRef): boolean {
    return kind !== 'global';
  }
}

export default brokenIncremental('incremental-no-global-barrier', (runtime, config) => new Broken(runtime, config));
