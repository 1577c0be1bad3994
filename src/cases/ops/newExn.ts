import type { OpDeclaration } from './opDeclaration';
import type { InitValue } from '../../gen/ops/opCase';
import type { StructType } from '../../runtime/gcTypes';
import { initValueFromBytes, type ByteReader } from '../../gen/ops/opBytes';
import { asArray } from '../../gen/ops/fixupValues';
import { allocInit } from './allocInit';

/**
 * `throw`'s allocation (Wasmtime `VMGcKind::ExnRef`): an exception object of tag `tag` through the
 * runtime's own `allocExn`, its payload stored field by field with `exnSet` (the write barrier for
 * refs), then rooted in a new handle of static type `exn`. In op streams a tag is a struct type of
 * the case: the exception is laid out as that type, and its header type is the tag's identity
 * (`exnGet` matches on it as `catch` does). Payload operands are read after the allocation (which
 * may collect); a read that faults abandons the exception as `newStructInit` does.
 */
export interface NewExnOp {
  readonly op: 'newExn';
  readonly tag: number;
  readonly vals: readonly InitValue[];
  readonly owned: boolean;
}

/** A payload operand from bytes: byte 0 is null; mostly a recent handle (ref payloads drawn from live objects). */
function payloadFromBytes(r: ByteReader): InitValue {
  const b = r.u8();
  if (b === 0) return { v: 'null' };
  return b % 4 === 3 ? initValueFromBytes(r) : { v: 'slot', slot: { s: 'handle', h: r.small() } };
}

export const newExn: OpDeclaration<NewExnOp> = {
  kind: 'newExn',
  weight: 2,
  fromBytes: (r, typeCount) => ({ op: 'newExn', tag: r.int(typeCount), vals: Array.from({ length: r.int(7) }, () => payloadFromBytes(r)), owned: !r.bit() }),
  fixup(raw, shape) {
    const tag = shape.pickType(raw['tag'], 'struct');
    if (tag === undefined) return undefined;
    const given = asArray(raw['vals']);
    const vals = (shape.types[tag] as StructType).fields.map((f, k) => shape.initValue(given[k], f.storage));
    const owned = shape.ownedFlag(raw['owned']);
    shape.push(owned, 'exn', undefined);
    return { op: 'newExn', tag, vals, owned };
  },
  run: (x, op) => allocInit(x, 'newExn', 'exn', op.tag, 0, op.vals, op.owned),
  simplify: (op) => (op.vals.some((v) => typeof v === 'object' && v.v !== 'null') ? [{ ...op, vals: op.vals.map((v) => (typeof v === 'object' ? { v: 'null' } : v)) }] : []),
  madeHandle: (op) => op.owned,
};
