import type { OpDeclaration } from './opDeclaration';
import { runIncrementalOp } from './incrementalOp';

/**
 * Start an incremental collection and leave it open while the ops after it run (or keep the one
 * already open). What that means on each collector, and the no-GC rule: incrementalOp.ts.
 */
export interface GcStartOp {
  readonly op: 'gcStart';
}

export const gcStart: OpDeclaration<GcStartOp> = {
  kind: 'gcStart',
  weight: 1,
  fromBytes: () => ({ op: 'gcStart' }),
  fixup: () => ({ op: 'gcStart' }),
  run: (x) => runIncrementalOp(x, 'gcStart', 0),
};
