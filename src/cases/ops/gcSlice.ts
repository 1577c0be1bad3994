import type { OpDeclaration } from './opDeclaration';
import { clamp, nat } from '../../gen/ops/fixupValues';
import { runIncrementalOp } from './incrementalOp';

/** Largest budget of one slice: small, so a collection stays open across many ops. */
const MAX_SLICE_BUDGET = 8;

/**
 * One slice of `budget` objects (1..8) of the open incremental collection (nothing when none is
 * open); inside a no-GC scope it only marks. The budgets come from the case, so the slice schedule
 * is part of the case and replays exactly. On each collector: incrementalOp.ts.
 */
export interface GcSliceOp {
  readonly op: 'gcSlice';
  readonly budget: number;
}

export const gcSlice: OpDeclaration<GcSliceOp> = {
  kind: 'gcSlice',
  weight: 3,
  fromBytes: (r) => ({ op: 'gcSlice', budget: 1 + (r.u8() % MAX_SLICE_BUDGET) }),
  fixup: (raw) => ({ op: 'gcSlice', budget: clamp(nat(raw['budget']), 1, MAX_SLICE_BUDGET) }),
  run: (x, op) => runIncrementalOp(x, 'gcSlice', op.budget),
  simplify: (op) => (op.budget > 1 ? [{ op: 'gcSlice', budget: 1 }] : []),
};
