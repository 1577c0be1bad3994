import type { OpDeclaration } from './opDeclaration';
import { slotFromBytes, numValueFromBytes } from '../../gen/ops/opBytes';
import type { NumValue, Slot } from '../../gen/ops/opCase';
import { coerceNumValue } from '../../gen/ops/coerceNumValue';
import { OK } from '../../../oracles/observation';

/** Write a numeric field or element. */
export interface WriteNumOp {
  readonly op: 'writeNum';
  readonly dst: Slot;
  readonly val: NumValue;
}

export const writeNum: OpDeclaration<WriteNumOp> = {
  kind: 'writeNum',
  weight: 4,
  fromBytes: (r) => ({ op: 'writeNum', dst: slotFromBytes(r), val: numValueFromBytes(r) }),
  fixup(raw, shape) {
    const dst = shape.resolveSlot(raw['dst'], 'num');
    if (dst === undefined) return undefined;
    const st = dst.shape.storage;
    if (st === undefined || typeof st !== 'string') return undefined;
    return { op: 'writeNum', dst: dst.slot, val: coerceNumValue(st, raw['val']) };
  },
  run(x, { dst, val }) {
    const v = typeof val === 'string' ? BigInt(val) : val;
    const heap = x.store.heap;
    const w = x.attempt(() => {
      if (dst.s === 'field') heap.structSet(x.store.hostData, x.store.get(x.handleAt(dst.h)), dst.f, v);
      else if (dst.s === 'elem') heap.arraySet(x.store.hostData, x.store.get(x.handleAt(dst.h)), dst.i, v);
    });
    const m = x.model;
    const fault = m === null ? null : m.write(dst, v);
    if (!x.outcome(w, 'writeNum', fault)) return;
    x.obs(OK);
  },
};
