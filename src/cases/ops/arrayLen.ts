import type { OpDeclaration } from './opDeclaration';
import { recentIndex } from '../../gen/ops/opBytes';
import { Fault } from '../../../oracles/modelSlot';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { obsNum } from '../../../oracles/observation';

/** `array.len` of the array in handle h. */
export interface ArrayLenOp {
  readonly op: 'arrayLen';
  readonly h: number;
}

export const arrayLen: OpDeclaration<ArrayLenOp> = {
  kind: 'arrayLen',
  weight: 1,
  fromBytes: (r) => ({ op: 'arrayLen', h: recentIndex(r) }),
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], (s) => shape.isArrayTy(s.ty));
    return h === undefined ? undefined : { op: 'arrayLen', h };
  },
  run(x, op) {
    const hd = x.handleAt(op.h);
    const m = x.model;
    const want = m?.arrayLen(op.h);
    const got = x.attempt(() => x.store.heap.arrayLen(x.store.get(hd)));
    if (!x.outcome(got, 'arrayLen', want instanceof Fault ? want : null)) return;
    if (m !== null && got.value !== want) throw new OracleFailure('dangling', x.opIndex, `length ${String(want)}`, String(got.value), 'arrayLen');
    x.obs(obsNum(got.value));
  },
};
