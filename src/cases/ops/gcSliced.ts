import type { OpDeclaration } from './opDeclaration';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { nat } from '../../gen/ops/fixupValues';
import { collect } from './collect';

/** A collection run as up to `slices` increments, then finished increment by increment. */
export interface GcSlicedOp {
  readonly op: 'gcSliced';
  readonly slices: number;
}

export const gcSliced: OpDeclaration<GcSlicedOp> = {
  kind: 'gcSliced',
  weight: 1,
  fromBytes: (r) => ({ op: 'gcSliced', slices: r.int(9) }),
  fixup: (raw) => ({ op: 'gcSliced', slices: nat(raw['slices']) % (L.maxSlices + 1) }),
  run: (x, op) => collect(x, 'gcSliced', op.slices),
  simplify: (op) => (op.slices > 0 ? [{ op: 'gc' }, { op: 'gcSliced', slices: op.slices >> 1 }] : [{ op: 'gc' }]),
};
