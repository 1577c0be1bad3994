import type { OpDeclaration } from './opDeclaration';
import { slotFromBytes, refValueFromBytes } from '../../gen/ops/opBytes';
import type { RefValue, Slot } from '../../gen/ops/opCase';
import { asRecord } from '../../gen/ops/fixupValues';
import { refI31 } from '../../runtime/gcRef';
import { modelRefOperand, readRaw, refFrom } from '../../harness/targets/ops/opOperands';
import { Fault } from '../../../oracles/modelSlot';
import { checkReadRef } from '../../../oracles/checkReadValue';
import { OK } from '../../../oracles/observation';

/** Write a ref into a ref slot through the write barrier (frames: the read barrier to Wasm). */
export interface WriteRefOp {
  readonly op: 'writeRef';
  readonly dst: Slot;
  readonly val: RefValue;
}

export const writeRef: OpDeclaration<WriteRefOp> = {
  kind: 'writeRef',
  weight: 14,
  fromBytes: (r) => ({ op: 'writeRef', dst: slotFromBytes(r), val: refValueFromBytes(r) }),
  fixup(raw, shape) {
    const dst = shape.resolveSlot(raw['dst'], 'ref');
    if (dst === undefined) return undefined;
    const typed = dst.slot.s !== 'handle' && dst.slot.s !== 'frame';
    const val = shape.refValue(asRecord(raw['val']), typed ? dst.shape.ty : undefined);
    if (dst.slot.s === 'handle') {
      const s = shape.handle(dst.slot.h);
      s.ty = val.ty;
      s.len = val.len;
    } else if (dst.slot.s === 'frame') {
      shape.frames[shape.frames.length - 1 - dst.slot.d]![dst.slot.i] = val.ty;
    }
    return { op: 'writeRef', dst: dst.slot, val: val.value };
  },
  /**
   * The value is read from its slot first; if that read faults (a null object or an index past
   * the end), the fault is the op's observation and null is written instead, so the destination's
   * static type stays sound for the ops after it (fixup typed them assuming the write happens).
   */
  run(x, { dst, val }) {
    const m = x.model;
    const want = modelRefOperand(x, val);
    const mv = want instanceof Fault ? null : want;
    const got = x.attempt(() => (val.v === 'slot' ? readRaw(x, val.slot, false) : val.v === 'i31' ? refI31(val.n) : 0));
    const valueRead = x.outcome(got, 'writeRef (reading the value)', want instanceof Fault ? want : null);
    if (valueRead && m !== null && val.v === 'slot') checkReadRef(mv, got.value, x.opIndex, 'value to write');
    const raw = valueRead ? refFrom(x, got.value) : 0;
    const heap = x.store.heap;
    const hd = x.store.hostData;
    const w = x.attempt(() => {
      switch (dst.s) {
        case 'handle': x.store.set(x.handleAt(dst.h), raw); return;
        case 'field': heap.structSet(hd, x.store.get(x.handleAt(dst.h)), dst.f, raw); return;
        case 'elem': heap.arraySet(hd, x.store.get(x.handleAt(dst.h)), dst.i, raw); return;
        case 'global': heap.writeGcRef(hd, x.globals, dst.g, raw); return;
        case 'table': x.tableAt(dst.t, dst.i).set(heap, hd, dst.i, raw); return;
        case 'frame': {
          heap.readBarrierToWasm(raw);
          const f = x.frameAt(dst.d);
          x.remember(f[dst.i]!);
          f[dst.i] = raw;
        }
      }
    });
    const fault = m === null ? null : m.write(dst, mv);
    if (!x.outcome(w, 'writeRef', fault, valueRead)) return;
    if (valueRead) x.obs(OK);
  },
};
