import type { OpDeclaration } from './opDeclaration';
import { slotFromBytes } from '../../gen/ops/opBytes';
import type { Slot } from '../../gen/ops/opCase';
import { isRefSlot, keepValue, observeRef, readRaw, refFrom, slotText } from '../../harness/targets/ops/opOperands';
import { Fault } from '../../../oracles/modelSlot';
import type { ModelRef, ModelValue } from '../../../oracles/modelObject';
import { checkReadNumeric, checkReadRef } from '../../../oracles/checkReadValue';
import { obsNum } from '../../../oracles/observation';

/** Read a slot and check it; `keep` roots a ref result in a new handle (owned or scoped). */
export interface ReadOp {
  readonly op: 'read';
  readonly src: Slot;
  readonly signed: boolean;
  readonly keep: 'no' | 'owned' | 'scoped';
}

export const read: OpDeclaration<ReadOp> = {
  kind: 'read',
  weight: 8,
  fromBytes: (r) => ({ op: 'read', src: slotFromBytes(r), signed: r.bit(), keep: r.pick(['no', 'no', 'owned', 'scoped'] as const) }),
  fixup(raw, shape) {
    const src = shape.resolveSlot(raw['src'], 'any');
    if (src === undefined) return undefined;
    const st = src.shape.storage;
    const isRef = st === undefined || typeof st !== 'string';
    const signed = (st === 'i8' || st === 'i16') && raw['signed'] === true;
    let keep: ReadOp['keep'] = 'no';
    if (isRef && (raw['keep'] === 'owned' || raw['keep'] === 'scoped')) keep = raw['keep'] === 'scoped' && shape.scope > 0 ? 'scoped' : 'owned';
    if (keep !== 'no') shape.push(keep === 'owned', src.shape.ty, src.shape.len);
    return { op: 'read', src: src.slot, signed, keep };
  },
  run(x, { src, signed, keep }) {
    const m = x.model;
    const want = m?.read(src, signed);
    const got = x.attempt(() => readRaw(x, src, signed));
    if (!x.outcome(got, 'read', want instanceof Fault ? want : null)) {
      if (keep !== 'no') keepValue(x, 0, keep, null);
      return;
    }
    const isRef = isRefSlot(x, src);
    if (m !== null) {
      if (isRef) checkReadRef(want as ModelRef, got.value, x.opIndex, `read of ${slotText(src)}`);
      else checkReadNumeric(want as ModelValue, got.value, x.opIndex, `read of ${slotText(src)}`);
    }
    if (!isRef) return x.obs(obsNum(got.value as number | bigint));
    const raw = refFrom(x, got.value);
    const mv = m === null ? undefined : (want as ModelRef);
    if (keep !== 'no') keepValue(x, raw, keep, mv ?? null);
    x.obs(observeRef(mv, raw));
  },
  simplify: (op) => (op.keep !== 'no' ? [{ ...op, keep: 'no' }] : []),
  madeHandle: (op) => (op.keep === 'no' ? undefined : op.keep === 'owned'),
};
