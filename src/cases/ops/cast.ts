import fc from 'fast-check';
import type { OpDeclaration } from './opDeclaration';
import type { RefHeap } from '../../gen/ops/opCase';
import { heapArbitrary, recentIndex } from '../../gen/ops/valueArbitraries';
import { heapFromBytes } from '../../gen/ops/opBytes';
import { fixupHeap } from '../../gen/ops/fixupValues';
import { GcKind } from '../../runtime/gcKind';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { obsTest } from '../../../oracles/observation';

/** Host-side `ref.cast null`: a new owned handle holding handle h's value if it matches `to`, else null. */
export interface CastOp {
  readonly op: 'cast';
  readonly h: number;
  readonly to: RefHeap;
}

export const cast: OpDeclaration<CastOp> = {
  kind: 'cast',
  weight: 2,
  arbitrary: (typeCount) => fc.record({ h: recentIndex, to: heapArbitrary(typeCount) }).map((r): CastOp => ({ op: 'cast', ...r })),
  fromBytes(r, typeCount) {
    const to = heapFromBytes(r, typeCount);
    return { op: 'cast', h: r.small(), to };
  },
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], () => true);
    if (h === undefined) return undefined;
    const to = fixupHeap(raw['to'], shape.types);
    shape.push(true, to, undefined);
    return { op: 'cast', h, to };
  },
  run(x, op) {
    const hd = x.handleAt(op.h);
    const heap = x.store.heap;
    const to = op.to;
    const got = x.attempt(() => {
      const r = x.store.get(hd);
      if (r === 0) return false;
      if ((r & 1) === 1) return to === 'any' || to === 'eq' || to === 'i31';
      const kind = (heap.headerKind(r) & 0xfc000000) >>> 0;
      if (kind === GcKind.ExternRef) return to === 'extern';
      if (typeof to === 'number') return x.types.isSubtype(heap.headerType(r), to);
      return to === 'any' || to === 'eq' || (to === 'struct' && kind === GcKind.StructRef) || (to === 'array' && kind === GcKind.ArrayRef);
    });
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
