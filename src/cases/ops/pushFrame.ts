import type { OpDeclaration } from './opDeclaration';
import { refValueFromBytes } from '../../gen/ops/opBytes';
import type { RefHeap, RefValue } from '../../gen/ops/opCase';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { asArray, asRecord, nat } from '../../gen/ops/fixupValues';
import { isHeapRef, refI31, type GcRef } from '../../runtime/gcRef';
import { readRaw, refFrom } from '../../harness/targets/ops/opOperands';
import type { ModelRef } from '../../../oracles/modelObject';
import { checkReadRef } from '../../../oracles/checkReadValue';
import { OK } from '../../../oracles/observation';

/**
 * Call into Wasm: `enterWasm(n)`, then each argument is exposed to Wasm (`exposeGcRefToWasm` of a
 * clone) into a new innermost frame followed by `locals` null slots.
 */
export interface PushFrameOp {
  readonly op: 'pushFrame';
  readonly args: readonly RefValue[];
  readonly locals: number;
}

export const pushFrame: OpDeclaration<PushFrameOp> = {
  kind: 'pushFrame',
  weight: 3,
  fromBytes: (r) => ({ op: 'pushFrame', args: Array.from({ length: r.int(5) }, () => refValueFromBytes(r)), locals: r.int(4) }),
  fixup(raw, shape) {
    if (shape.frames.length >= L.maxFrames) return undefined;
    const args: RefValue[] = [];
    const tys: RefHeap[] = [];
    for (const a of asArray(raw['args']).slice(0, L.maxFrameSlots)) {
      const v = shape.argValue(asRecord(a));
      args.push(v.value);
      tys.push(v.ty);
    }
    const locals = Math.min(nat(raw['locals']), L.maxFrameSlots - args.length);
    for (let i = 0; i < locals; i++) tys.push('none');
    shape.frames.push(tys);
    return { op: 'pushFrame', args, locals };
  },
  run(x, { args, locals }) {
    const heap = x.store.heap;
    const m = x.model;
    let n = 0;
    for (const a of args) if (a.v === 'slot' && isHeapRef(refFrom(x, x.runtime(() => readRaw(x, a.slot, false), 'pushFrame')))) n++;
    if (n > 0) x.runtime(() => x.store.enterWasm(n), 'enterWasm');
    // The frame has its full size (all null) before any argument is exposed, so it is a root
    // throughout and keeps its shape even if an exposure fails.
    const frame: GcRef[] = new Array<GcRef>(args.length + locals).fill(0);
    x.frames.push(frame);
    const margs: ModelRef[] = [];
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!;
      const r = a.v === 'slot' ? refFrom(x, x.runtime(() => readRaw(x, a.slot, false), 'pushFrame')) : a.v === 'i31' ? refI31(a.n) : 0;
      x.runtime(() => heap.exposeGcRefToWasm(heap.cloneGcRef(r)), 'exposeGcRefToWasm');
      frame[k] = r;
      if (m !== null) {
        const mv = a.v === 'slot' ? (m.read(a.slot, false) as ModelRef) : a.v === 'i31' ? a.n & 0x7fffffff : null;
        if (a.v === 'slot') checkReadRef(mv, r, x.opIndex, 'argument passed to Wasm');
        margs.push(mv);
      }
    }
    m?.pushFrame(margs, locals);
    x.obs(OK);
  },
  simplify: (op) => (op.args.length > 0 || op.locals > 0 ? [{ op: 'pushFrame', args: op.args.slice(0, -1), locals: 0 }] : []),
};
