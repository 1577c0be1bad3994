import type { OpDeclaration } from './opDeclaration';
import type { StructType } from '../../runtime/gcTypes';
import { nat } from '../../gen/ops/fixupValues';
import { keepValue, observeRef, refFrom } from '../../harness/targets/ops/opOperands';
import { ModelObject, type ModelRef, type ModelValue } from '../../../oracles/modelObject';
import { Fault } from '../../../oracles/modelSlot';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { checkReadNumeric, checkReadRef } from '../../../oracles/checkReadValue';
import { obsNum, obsTest } from '../../../oracles/observation';

/**
 * `catch tag` on the exception in handle h (an exnref): when its tag is `tag` (the header type,
 * the exception's identity), read payload field f with the runtime's `exnGet` and observe it (a
 * ref result `keep` roots in a new handle, as `catch` hands the payload to the handler's locals);
 * otherwise observe a failed match (obsTest false). The payload read is checked against the model
 * (object identity for refs), so a collector that freed, moved without updating or forgot to trace
 * an exception's payload is seen here. A null exnref raises SandboxError 'null'.
 */
export interface ExnGetOp {
  readonly op: 'exnGet';
  readonly h: number;
  readonly tag: number;
  readonly f: number;
  readonly keep: 'no' | 'owned' | 'scoped';
}

const KEEPS = ['no', 'owned', 'scoped', 'no'] as const;

export const exnGet: OpDeclaration<ExnGetOp> = {
  kind: 'exnGet',
  weight: 2,
  fromBytes: (r, typeCount) => ({ op: 'exnGet', h: r.small(), tag: r.int(typeCount), f: r.int(8), keep: r.pick(KEEPS) }),
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], (s) => s.ty === 'exn');
    if (h === undefined) return undefined;
    // A tag with a payload: the first struct type with fields from `tag` on.
    const n = shape.types.length;
    let tag: number | undefined;
    for (let k = 0, start = nat(raw['tag']) % n; k < n && tag === undefined; k++) {
      const t = shape.types[(start + k) % n]!;
      if (t.kind === 'struct' && t.fields.length > 0) tag = (start + k) % n;
    }
    if (tag === undefined) return undefined;
    const fields = (shape.types[tag] as StructType).fields;
    const f = nat(raw['f']) % fields.length;
    const st = fields[f]!.storage;
    let keep: ExnGetOp['keep'] = 'no';
    if (typeof st !== 'string' && (raw['keep'] === 'owned' || raw['keep'] === 'scoped')) keep = raw['keep'] === 'scoped' && shape.scope > 0 ? 'scoped' : 'owned';
    if (keep !== 'no' && typeof st !== 'string') shape.push(keep === 'owned', st.heap, undefined);
    return { op: 'exnGet', h, tag, f, keep };
  },
  run(x, { h, tag, f, keep }) {
    const m = x.model;
    const mv = m === null ? undefined : m.handleValue(h);
    const hd = x.handleAt(h);
    const heap = x.store.heap;
    const got = x.attempt(() => {
      const r = x.store.get(hd);
      // Null has no tag: reading its payload raises the null fault.
      if (r !== 0 && heap.headerType(r) !== tag) return { match: false, value: 0 };
      return { match: true, value: heap.exnGet(r, f) };
    });
    const noKeep = (): void => {
      if (keep !== 'no') keepValue(x, 0, keep, null);
    };
    if (!x.outcome(got, 'exnGet', mv === null ? Fault.null : null)) return noKeep();
    const isRef = typeof (x.c.types[tag] as StructType).fields[f]!.storage !== 'string';
    let want: ModelValue | undefined;
    if (mv instanceof ModelObject) {
      const match = mv.kind === 'exn' && mv.type === tag;
      if (match !== got.value.match) throw new OracleFailure('dangling', x.opIndex, `exception #${mv.id} ${match ? 'to match' : 'not to match'} tag ${tag}`, got.value.match ? 'a match' : 'no match', `exnGet on handle ${h}`);
      if (match) {
        want = mv.fields[f]!;
        if (isRef) checkReadRef(want as ModelRef, got.value.value, x.opIndex, `payload field ${f} of exception #${mv.id}`);
        else checkReadNumeric(want, got.value.value, x.opIndex, `payload field ${f} of exception #${mv.id}`);
      }
    }
    if (!got.value.match) {
      noKeep();
      return x.obs(obsTest(false));
    }
    if (!isRef) return x.obs(obsNum(got.value.value));
    const raw = refFrom(x, got.value.value);
    if (keep !== 'no') keepValue(x, raw, keep, m === null ? null : (want as ModelRef));
    x.obs(observeRef(m === null ? undefined : (want as ModelRef), raw));
  },
  simplify: (op) => (op.keep !== 'no' ? [{ ...op, keep: 'no' }] : []),
  madeHandle: (op) => (op.keep === 'no' ? undefined : op.keep === 'owned'),
};
