import type { MarkingView } from '../../src/runtime/gcHeap';
import { OracleFailure } from '../OracleFailure';
import { describeObject } from './describeObject';
import { markFromRoots, referrerChain } from './referrerChain';

/**
 * Containment oracle (SpiderMonkey gczeal 11 `IncrementalMarkingValidator`, Go `gccheckmark`, JSC
 * `verifyGC`): at the end of marking, a stop-the-world mark of the same heap from the current
 * roots into separate bits; every object it reaches must be marked by the incremental collector,
 * or the sweep would free a live object. Extra incremental marks are allowed: they are floating
 * garbage, returned as a count (freed by the next full collection). The failure prints the path
 * from a root to the lost object.
 */
export function checkContainment(view: MarkingView): { floatingGarbage: number; reachable: number } {
  const reached = markFromRoots(view);
  for (const ref of reached.keys()) {
    if (!view.isMarked(ref)) {
      throw new OracleFailure(
        'containment',
        view.step.index,
        'every object a stop-the-world mark reaches to be marked by the incremental mark',
        `${describeObject(view.heap, ref)} reachable but unmarked at the end of marking (${view.slices} slices)`,
        `path: ${referrerChain(view, reached, ref)}; marking ended at ${view.step.label}`,
      );
    }
  }
  let floating = 0;
  view.heap.forEachObject((ref) => {
    if (!reached.has(ref) && view.isMarked(ref)) floating++;
  });
  return { floatingGarbage: floating, reachable: reached.size };
}
