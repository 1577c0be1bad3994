import type { OpDeclaration } from './opDeclaration';
import { runIncrementalOp } from './incrementalOp';

/**
 * Drop the open incremental collection midway (nothing when none is open); the heap must stay
 * correct and the next collection start clean (Wasmtime #13516). On each collector: incrementalOp.ts.
 */
export interface GcDropOp {
  readonly op: 'gcDrop';
}

export const gcDrop: OpDeclaration<GcDropOp> = {
  kind: 'gcDrop',
  weight: 1,
  fromBytes: () => ({ op: 'gcDrop' }),
  fixup: () => ({ op: 'gcDrop' }),
  run: (x) => runIncrementalOp(x, 'gcDrop', 0),
};
