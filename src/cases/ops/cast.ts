import type { OpDeclaration } from './opDeclaration';
import { heapFromBytes, recentIndex } from '../../gen/ops/opBytes';
import type { RefHeap } from '../../gen/ops/opCase';
import { fixupHeap } from '../../gen/ops/fixupValues';
import { runtimeRefTest } from './runtimeRefTest';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { obsTest } from '../../../oracles/observation';

/**
 * Host-side `ref.cast null` without the trap: a new owned handle holding handle h's value if it
 * matches `to` (the runtime's own `refTest`; null counts as no match), else null. `to` is in the
 * hierarchy of the handle's static type.
 */
export interface CastOp {
  readonly op: 'cast';
  readonly h: number;
  readonly to: RefHeap;
}

export const cast: OpDeclaration<CastOp> = {
  kind: 'cast',
  weight: 2,
  fromBytes(r, typeCount) {
    const to = heapFromBytes(r, typeCount);
    return { op: 'cast', h: recentIndex(r), to };
  },
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], (s) => s.ty !== 'exn');
    if (h === undefined) return undefined;
    const to = shape.testTarget(h, fixupHeap(raw['to'], shape.types));
    shape.push(true, to, undefined);
    return { op: 'cast', h, to };
  },
  run(x, op) {
    const hd = x.handleAt(op.h);
    const heap = x.store.heap;
    const to = op.to;
    const got = x.attempt(() => runtimeRefTest(x, x.store.get(hd), to, false));
    const m = x.model;
    const want = m?.cast(op.h, to);
    if (!x.outcome(got, 'cast', null)) return;
    if (m !== null && got.value !== want) throw new OracleFailure('dangling', x.opIndex, `cast to ${String(to)} ${want ? 'succeeds' : 'fails'}`, got.value ? 'succeeds' : 'fails');
    const ok = got.value === true;
    x.pushHandle(x.runtime(() => x.store.root(ok ? heap.cloneGcRef(x.store.get(hd)) : 0, true), 'cast'), true);
    x.obs(obsTest(ok));
  },
  madeHandle: () => true,
};
