import type { OpDeclaration } from './opDeclaration';
import { initValueFromBytes } from '../../gen/ops/opBytes';
import type { InitValue } from '../../gen/ops/opCase';
import type { ArrayType } from '../../runtime/gcTypes';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { asArray } from '../../gen/ops/fixupValues';
import { allocInit } from './allocInit';

/** `array.new_fixed` (spec 4.4.7): one element per value, initialised in order as `newStructInit` does. */
export interface NewArrayFixedOp {
  readonly op: 'newArrayFixed';
  readonly type: number;
  readonly vals: readonly InitValue[];
  readonly owned: boolean;
}

export const newArrayFixed: OpDeclaration<NewArrayFixedOp> = {
  kind: 'newArrayFixed',
  weight: 1,
  fromBytes: (r, typeCount) => ({ op: 'newArrayFixed', type: r.int(typeCount), vals: Array.from({ length: r.int(9) }, () => initValueFromBytes(r)), owned: r.bit() }),
  fixup(raw, shape) {
    const type = shape.pickType(raw['type'], 'array');
    if (type === undefined) return undefined;
    const st = (shape.types[type] as ArrayType).element.storage;
    const vals = asArray(raw['vals']).slice(0, L.maxFixedValues).map((v) => shape.initValue(v, st));
    const owned = shape.ownedFlag(raw['owned']);
    shape.push(owned, type, vals.length);
    return { op: 'newArrayFixed', type, vals, owned };
  },
  run: (x, op) => allocInit(x, 'newArrayFixed', 'array', op.type, op.vals.length, op.vals, op.owned),
  simplify: (op) => [{ op: 'newArray', type: op.type, len: op.vals.length, owned: op.owned }, ...(op.vals.length > 0 ? [{ ...op, vals: op.vals.slice(0, -1) }] : [])],
  madeHandle: (op) => op.owned,
};
