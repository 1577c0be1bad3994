import type { OpDeclaration } from './opDeclaration';
import { initValueFromBytes } from '../../gen/ops/opBytes';
import type { InitValue } from '../../gen/ops/opCase';
import type { StructType } from '../../runtime/gcTypes';
import { asArray } from '../../gen/ops/fixupValues';
import { allocInit } from './allocInit';

/**
 * `struct.new` (spec 4.4.7): allocate, then initialise field k with `vals[k]` in order (values
 * are read from their slots after the allocation), then root in a new handle. A read that faults
 * partway abandons the half-initialised object (`dropGcRef`) and roots null instead: what it
 * already references must be released with it (Wasmtime #12456).
 */
export interface NewStructInitOp {
  readonly op: 'newStructInit';
  readonly type: number;
  readonly vals: readonly InitValue[];
  readonly owned: boolean;
}

export const newStructInit: OpDeclaration<NewStructInitOp> = {
  kind: 'newStructInit',
  weight: 3,
  fromBytes: (r, typeCount) => ({ op: 'newStructInit', type: r.int(typeCount), vals: Array.from({ length: r.int(9) }, () => initValueFromBytes(r)), owned: r.bit() }),
  fixup(raw, shape) {
    const type = shape.pickType(raw['type'], 'struct');
    if (type === undefined) return undefined;
    const given = asArray(raw['vals']);
    // Operands name the handles that exist before the op, so they resolve before the push.
    const vals = (shape.types[type] as StructType).fields.map((f, k) => shape.initValue(given[k], f.storage));
    const owned = shape.ownedFlag(raw['owned']);
    shape.push(owned, type, undefined);
    return { op: 'newStructInit', type, vals, owned };
  },
  run: (x, op) => allocInit(x, 'newStructInit', 'struct', op.type, 0, op.vals, op.owned),
  simplify: (op) => [{ op: 'newStruct', type: op.type, owned: op.owned }],
  madeHandle: (op) => op.owned,
};
