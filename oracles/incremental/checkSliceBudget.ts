import type { SliceReport } from '../../src/runtime/gcHeap';
import { OracleFailure } from '../OracleFailure';

/**
 * Slice-budget oracle (the pause bound of an incremental collector, as V8's and SpiderMonkey's
 * slice budgets promise it), after every slice's marking work (`MarkingVerifier.slice`): a slice
 * given budget b scans at most b units (a pending root shaded or a grey object traced); it stops
 * short of b only when no work is left; and it says marking is done exactly when the mark stack
 * and the pending roots are both empty. A slice that overruns its budget is a pause-time bug a
 * collection's result cannot show; one that stops early or calls marking done with work left ends
 * a collection before it marked everything. O(1), no heap walk.
 */
export function checkSliceBudget(r: SliceReport): void {
  const left = r.markStack + r.pendingRoots;
  const fail = (expected: string): never => {
    throw new OracleFailure('slice-budget', r.step.index, expected, `scanned ${r.scanned}, ${r.done ? 'done' : 'not done'}, ${r.markStack} grey and ${r.pendingRoots} pending roots left`, `a slice of budget ${r.budget} at ${r.step.label}`);
  };
  if (!(r.scanned >= 0 && r.scanned <= r.budget)) fail(`at most the budget's ${r.budget} units scanned`);
  if (r.scanned < r.budget && left !== 0) fail('the whole budget used while work is left');
  if (r.done !== (left === 0)) fail('marking done exactly when no grey object and no pending root is left');
}
