import type { OpDeclaration } from './opDeclaration';
import { recentIndex, smallIndex, initValueFromBytes } from '../../gen/ops/opBytes';
import type { InitValue } from '../../gen/ops/opCase';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { nat } from '../../gen/ops/fixupValues';
import { arrayFillRange } from '../../wasm/execution/arrayBulkOps';
import { initOperand } from '../../harness/targets/ops/opOperands';
import { OK } from '../../../oracles/observation';

/**
 * `array.fill` (spec 4.4.7) on the array in handle h: elements [i, i + n) get `val` (a RefValue
 * for ref arrays, a NumValue for numeric ones) through `arraySet`. Traps "null reference" on a
 * null array, then "out of bounds array access" when i + n passes the length, writing nothing.
 */
export interface ArrayFillOp {
  readonly op: 'arrayFill';
  readonly h: number;
  readonly i: number;
  readonly n: number;
  readonly val: InitValue;
}

export const arrayFill: OpDeclaration<ArrayFillOp> = {
  kind: 'arrayFill',
  weight: 2,
  fromBytes: (r) => ({ op: 'arrayFill', h: recentIndex(r), i: smallIndex(r), n: smallIndex(r), val: initValueFromBytes(r) }),
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], (s) => shape.arrayElem(s.ty) !== undefined);
    if (h === undefined) return undefined;
    const hs = shape.handle(h);
    const bound = hs.len ?? L.unknownLengthIndexBound;
    const val = shape.initValue(raw['val'], shape.arrayElem(hs.ty)!.storage);
    return { op: 'arrayFill', h, i: nat(raw['i']) % (bound + 1), n: nat(raw['n']) % (bound + 2), val };
  },
  /** `arrayFillRange`, the interpreter's path (null and range checks, then `arraySet` per element). */
  run(x, op) {
    const v = initOperand(x, op.val, 'arrayFill');
    if (v === undefined) return;
    const hd = x.handleAt(op.h);
    const got = x.attempt(() => arrayFillRange(x.store.heap, x.store.hostData, x.store.get(hd), op.i, v.raw, op.n));
    const m = x.model;
    const fault = m === null ? null : m.arrayFill(op.h, op.i, op.n, v.mv);
    if (!x.outcome(got, 'arrayFill', fault)) return;
    x.obs(OK);
  },
  simplify: (op) => (op.n > 0 ? [{ ...op, n: op.n >> 1 }] : []),
};
