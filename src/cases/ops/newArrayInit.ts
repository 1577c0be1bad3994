import type { OpDeclaration } from './opDeclaration';
import { arrayLength, initValueFromBytes } from '../../gen/ops/opBytes';
import type { InitValue } from '../../gen/ops/opCase';
import type { ArrayType } from '../../runtime/gcTypes';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { nat } from '../../gen/ops/fixupValues';
import { allocInit } from './allocInit';

/** `array.new` (spec 4.4.7): `len` elements all set to `val`; a faulting read of `val` abandons the array. */
export interface NewArrayInitOp {
  readonly op: 'newArrayInit';
  readonly type: number;
  readonly len: number;
  readonly val: InitValue;
  readonly owned: boolean;
}

export const newArrayInit: OpDeclaration<NewArrayInitOp> = {
  kind: 'newArrayInit',
  weight: 1,
  fromBytes: (r, typeCount) => ({ op: 'newArrayInit', type: r.int(typeCount), len: arrayLength(r), val: initValueFromBytes(r), owned: r.bit() }),
  fixup(raw, shape) {
    const type = shape.pickType(raw['type'], 'array');
    if (type === undefined) return undefined;
    const len = nat(raw['len']) % (L.maxArrayLength + 1);
    const val = shape.initValue(raw['val'], (shape.types[type] as ArrayType).element.storage);
    const owned = shape.ownedFlag(raw['owned']);
    shape.push(owned, type, len);
    return { op: 'newArrayInit', type, len, val, owned };
  },
  run: (x, op) => allocInit(x, 'newArrayInit', 'array', op.type, op.len, [op.val], op.owned, true),
  simplify: (op) => [{ op: 'newArray', type: op.type, len: op.len, owned: op.owned }, ...(op.len > 0 ? [{ ...op, len: op.len >> 1 }] : [])],
  madeHandle: (op) => op.owned,
};
