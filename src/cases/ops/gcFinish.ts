import type { OpDeclaration } from './opDeclaration';
import { runIncrementalOp } from './incrementalOp';

/**
 * Finish the open incremental collection (nothing when none is open); a GC point, so it fails
 * inside a no-GC scope. What that means on each collector: incrementalOp.ts.
 */
export interface GcFinishOp {
  readonly op: 'gcFinish';
}

export const gcFinish: OpDeclaration<GcFinishOp> = {
  kind: 'gcFinish',
  weight: 1,
  fromBytes: () => ({ op: 'gcFinish' }),
  fixup: () => ({ op: 'gcFinish' }),
  run: (x) => runIncrementalOp(x, 'gcFinish', 0),
};
