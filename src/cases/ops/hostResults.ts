import type { OpDeclaration } from './opDeclaration';
import type { RefHeap, RefValue } from '../../gen/ops/opCase';
import { refValueFromBytes } from '../../gen/ops/opBytes';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { asArray, asRecord } from '../../gen/ops/fixupValues';
import { isHeapRef, refI31, type GcRef } from '../../runtime/gcRef';
import type { Handle } from '../../runtime/store';
import { readRaw, refFrom } from '../../harness/targets/ops/opOperands';
import type { HostObject, ModelRef } from '../../../oracles/modelObject';
import { checkReadRef } from '../../../oracles/checkReadValue';
import { OK } from '../../../oracles/observation';
import { exitRunnerScope } from './exitScope';

/** A host function's result: a new host object, or a ref value (a handle's ref, an i31, null). */
export type HostResult = RefValue | { readonly v: 'fresh' };

/**
 * Wasm calls a host function that returns several refs at once (the shape of CVE-2021-39216, where
 * the collection that inserting the second ref started freed the first). In a new host scope
 * the host makes each result and roots it in a scoped handle (a fresh externref is allocated, so
 * a collection may run between two results); then `enterWasm(n)` for the n heap refs; then each
 * is exposed to Wasm (`exposeGcRefToWasm` of a clone) in order. Only after the last one do they
 * land in a new innermost frame (the caller's operand stack once the call returns, a root from
 * then on), and the host scope exits. Between the exposures, the refs already handed over are
 * rooted by the host's handles and the stack-roots list only.
 */
export interface HostResultsOp {
  readonly op: 'hostResults';
  readonly results: readonly HostResult[];
}

const FRESH: HostResult = { v: 'fresh' };

export const hostResults: OpDeclaration<HostResultsOp> = {
  kind: 'hostResults',
  weight: 2,
  fromBytes: (r) => ({ op: 'hostResults', results: Array.from({ length: 1 + r.int(3) }, () => (r.bit() ? FRESH : refValueFromBytes(r))) }),
  fixup(raw, shape) {
    if (shape.frames.length >= L.maxFrames) return undefined;
    const results: HostResult[] = [];
    const tys: RefHeap[] = [];
    for (const a of asArray(raw['results']).slice(0, L.maxFrameSlots)) {
      const rec = asRecord(a);
      if (rec['v'] === 'fresh') {
        results.push(FRESH);
        tys.push('extern');
        continue;
      }
      const v = shape.argValue(rec);
      results.push(v.value);
      tys.push(v.ty);
    }
    shape.frames.push(tys);
    return { op: 'hostResults', results };
  },
  run(x, { results }) {
    const store = x.store;
    const heap = store.heap;
    const m = x.model;
    // The host's scope is the runner's innermost while the op runs, so collections inside it see
    // the same handles in the runtime, the runner's list and the model.
    x.scopeMarks.push(store.enterScope());
    m?.enterScope();
    // The host function: each result rooted in a scoped handle before the next is made.
    const held: (Handle | GcRef)[] = [];
    const mvals: ModelRef[] = [];
    for (const a of results) {
      if (a.v === 'fresh') {
        const host: HostObject = { serial: ++x.hostSerial };
        x.inFlightHost = host;
        const r = x.alloc(() => store.allocExternref(host), 'extern', 0, 0);
        x.inFlightHost = null;
        const h = store.root(r);
        x.pushHandle(h, false);
        held.push(h);
        if (m !== null) {
          const obj = m.newExtern(host, false);
          obj.addr = r;
          mvals.push(obj);
        }
      } else if (a.v === 'slot') {
        // Handle indices name the handles as they were when the op began (as fixup typed them):
        // the results made so far each pushed one since.
        const slot = 'h' in a.slot ? { ...a.slot, h: a.slot.h + held.filter((hd) => typeof hd !== 'number').length } : a.slot;
        const r = refFrom(x, x.runtime(() => readRaw(x, slot, false), 'hostResults'));
        const h = store.root(heap.cloneGcRef(r));
        x.pushHandle(h, false);
        held.push(h);
        if (m !== null) {
          const mv = m.read(slot, false) as ModelRef;
          checkReadRef(mv, r, x.opIndex, 'ref a host function returns');
          m.keep(mv, false);
          mvals.push(mv);
        }
      } else {
        held.push(a.v === 'i31' ? refI31(a.n) : 0);
        mvals.push(a.v === 'i31' ? a.n & 0x7fffffff : null);
      }
    }
    const refOf = (h: Handle | GcRef): GcRef => (typeof h === 'number' ? h : store.get(h));
    const n = held.filter((h) => isHeapRef(refOf(h))).length;
    if (n > 0) x.runtime(() => store.enterWasm(n), 'enterWasm');
    const frame: GcRef[] = [];
    for (const h of held) {
      const r = refOf(h);
      x.runtime(() => heap.exposeGcRefToWasm(heap.cloneGcRef(r)), 'exposeGcRefToWasm');
      frame.push(r);
    }
    x.frames.push(frame);
    m?.pushFrame(mvals, 0);
    exitRunnerScope(x);
    x.obs(OK);
  },
  simplify: (op) => (op.results.length > 1 ? [{ op: 'hostResults', results: op.results.slice(0, -1) }] : []),
};
