import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: objects allocated while marking is open are left white (no black allocation), so this cycle's sweep frees them although they are reachable.
 * Expected oracle: closure.
 */
class Broken extends IncrementalHeap {
  protected override allocateBlack(): boolean {
    return false;
  }
}

export default brokenIncremental('incremental-white-allocation', (runtime, config) => new Broken(runtime, config));
