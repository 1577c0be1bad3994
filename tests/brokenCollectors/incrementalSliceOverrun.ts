import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: a slice scans one unit (a pending root or a grey object) past the budget it
 * was given, an off-by-one in the pause bound that no collection's result shows.
 * Expected oracle: slice-budget.
 */
class Broken extends IncrementalHeap {
  protected override sliceLimit(budget: number): number {
    return budget + 1;
  }
}

export default brokenIncremental('incremental-slice-overrun', (runtime, config) => new Broken(runtime, config));
