import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: Wasm stack roots are not snapshotted when marking starts, only rescanned at the
 * final slice, although stack slots run no barrier and there is no insertion barrier: an object held
 * only by a frame at the start, stored into an already black object and then popped, stays white.
 * Expected oracle: one of the marking oracles (containment, snapshot-edges, closure), whichever the case reaches first.
 */
class Broken extends IncrementalHeap {
  protected override snapshotsStackRoots(): boolean {
    return false;
  }

  protected override rescansStackRootsAtEnd(): boolean {
    return true;
  }
}

export default brokenIncremental('incremental-no-stack-snapshot', (runtime, config) => new Broken(runtime, config));
