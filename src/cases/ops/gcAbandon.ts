import type { OpDeclaration } from './opDeclaration';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { nat } from '../../gen/ops/fixupValues';
import { collect } from './collect';

/** A collection started, run for `slices` increments, then abandoned; mutation goes on. */
export interface GcAbandonOp {
  readonly op: 'gcAbandon';
  readonly slices: number;
}

export const gcAbandon: OpDeclaration<GcAbandonOp> = {
  kind: 'gcAbandon',
  weight: 1,
  fromBytes: (r) => ({ op: 'gcAbandon', slices: r.int(9) }),
  fixup: (raw) => ({ op: 'gcAbandon', slices: nat(raw['slices']) % (L.maxSlices + 1) }),
  run: (x, op) => collect(x, 'gcAbandon', op.slices),
  simplify: (op) => (op.slices > 0 ? [{ op: 'gcAbandon', slices: op.slices >> 1 }] : []),
};
