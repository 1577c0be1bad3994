import type { MarkingView } from '../../src/runtime/gcHeap';
import { OracleFailure } from '../OracleFailure';
import { describeObject } from './describeObject';
import { markFromRoots, referrerChain } from './referrerChain';

function isHeapRef(r: number): boolean {
  return r !== 0 && (r & 1) === 0;
}

/**
 * Closure oracle (V8 `--verify-heap` `FullMarkingVerifier`): at the end of marking no marked
 * object has a ref slot pointing to an unmarked object (the sweep would leave it dangling). The
 * failure names the slot and prints the path from a root to the marked object when there is one.
 */
export function checkClosure(view: MarkingView): void {
  const heap = view.heap;
  heap.forEachObject((ref) => {
    if (!view.isMarked(ref)) return;
    view.forEachRefSlot(ref, (v, kind, index) => {
      if (!isHeapRef(v) || view.isMarked(v)) return;
      throw new OracleFailure(
        'closure',
        view.step.index,
        'no marked object to point to an unmarked one at the end of marking',
        `marked ${describeObject(heap, ref)} ${kind} ${index} -> unmarked ${describeObject(heap, v)}`,
        `path: ${referrerChain(view, markFromRoots(view), v)}; marking ended at ${view.step.label} after ${view.slices} slices`,
      );
    });
  });
}
