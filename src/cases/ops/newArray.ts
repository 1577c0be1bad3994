import type { OpDeclaration } from './opDeclaration';
import { fixupArrayLength, newArrayLengthFromBytes } from '../../gen/ops/boundaryArrayLength';
import { exceedsMaxHeap, refuseOversizedArray } from '../../harness/targets/ops/refuseOversizedArray';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { nat } from '../../gen/ops/fixupValues';
import { OK } from '../../../oracles/observation';

/** `allocArray` of `len` default elements, rooted in a new handle. */
export interface NewArrayOp {
  readonly op: 'newArray';
  readonly type: number;
  readonly len: number;
  readonly owned: boolean;
}

export const newArray: OpDeclaration<NewArrayOp> = {
  kind: 'newArray',
  weight: 4,
  fromBytes: (r, typeCount) => ({ op: 'newArray', type: r.int(typeCount), len: newArrayLengthFromBytes(r), owned: r.bit() }),
  fixup(raw, shape) {
    const type = shape.pickType(raw['type'], 'array');
    if (type === undefined) return undefined;
    const len = fixupArrayLength(nat(raw['len']), shape, type, L.maxArrayLength);
    const owned = shape.ownedFlag(raw['owned']);
    shape.push(owned, type, len);
    return { op: 'newArray', type, len, owned };
  },
  run(x, op) {
    if (exceedsMaxHeap(x, op.type, op.len)) return refuseOversizedArray(x, op.type, op.len, op.owned);
    const r = x.alloc(() => x.store.allocArray(op.type, op.len), 'array', op.type, op.len);
    x.pushHandle(x.store.root(r, op.owned), op.owned);
    const m = x.model;
    if (m !== null) m.newArray(op.type, op.len, op.owned).addr = r;
    x.obs(OK);
  },
  madeHandle: (op) => op.owned,
};
