import type { OpDeclaration } from './opDeclaration';
import { keepValue, observeRef } from '../../harness/targets/ops/opOperands';
import { checkReadRef } from '../../../oracles/checkReadValue';

/**
 * A handler takes the store's pending exception (`WasmStore.takePendingException`, `catch_ref`):
 * the value is read and checked against the model (object identity), `keep` roots it in a new
 * handle of static type `exn` (`catch_ref` into a local; 'no' drops it, as `catch_all` does),
 * then the pending slot is cleared through the write barrier. Observes the exception (null when
 * none is pending).
 */
export interface CatchExnOp {
  readonly op: 'catchExn';
  readonly keep: 'no' | 'owned' | 'scoped';
}

/** Half the catches keep the exception; byte 0 is the simplest, a drop. */
const KEEPS = ['no', 'owned', 'scoped', 'owned'] as const;

export const catchExn: OpDeclaration<CatchExnOp> = {
  kind: 'catchExn',
  weight: 2,
  fromBytes: (r) => ({ op: 'catchExn', keep: r.pick(KEEPS) }),
  fixup(raw, shape) {
    let keep: CatchExnOp['keep'] = 'no';
    if (raw['keep'] === 'owned' || raw['keep'] === 'scoped') keep = raw['keep'] === 'scoped' && shape.scope > 0 ? 'scoped' : 'owned';
    if (keep !== 'no') shape.push(keep === 'owned', 'exn', undefined);
    return { op: 'catchExn', keep };
  },
  run(x, { keep }) {
    const m = x.model;
    const raw = x.pending[0]!;
    const mv = m === null ? undefined : m.pending;
    if (m !== null) checkReadRef(m.pending, raw, x.opIndex, 'pending exception');
    if (keep !== 'no') keepValue(x, raw, keep, mv ?? null);
    x.runtime(() => x.store.heap.writeGcRef(x.store.hostData, x.pending, 0, 0), 'catchExn (clearing the pending exception)');
    if (m !== null) m.pending = null;
    x.obs(observeRef(mv, raw));
  },
  simplify: (op) => (op.keep !== 'no' ? [{ ...op, keep: 'no' }] : []),
  madeHandle: (op) => (op.keep === 'no' ? undefined : op.keep === 'owned'),
};
