import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: a collection dropped midway leaves its mark bits behind; the next collection takes marked objects for already scanned, so their children stay white and are swept while live.
 * Expected oracles: closure or dangling (a live child swept), or leak (a dead object still marked survives the next collection).
 */
class Broken extends IncrementalHeap {
  protected override clearsMarksOnDrop(): boolean {
    return false;
  }

  /** A collector with this bug does not check the invariant it breaks (the built-in's zeal check would report it as `invariant`). */
  protected override verifyNoMarks(): void {}
}

export default brokenIncremental('incremental-drop-leaves-marks', (runtime, config) => new Broken(runtime, config));
