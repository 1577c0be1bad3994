import type { OpDeclaration } from './opDeclaration';
import { heapFromBytes, recentIndex } from '../../gen/ops/opBytes';
import type { RefHeap } from '../../gen/ops/opCase';
import { fixupHeap } from '../../gen/ops/fixupValues';
import { runtimeRefTest } from './runtimeRefTest';
import { modelRefTest } from '../../../oracles/modelRefTest';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { obsTest } from '../../../oracles/observation';

/**
 * `ref.test (ref null? to)` (spec 4.4.2) on the value of handle h, through the runtime's own
 * `refTest` (as the interpreter runs it): reads the object's header, so a collector that frees,
 * moves or corrupts a live object is seen here. Observes 1 or 0; makes no handle. `to` is in the
 * hierarchy of the handle's static type, as validation requires.
 */
export interface RefTestOp {
  readonly op: 'refTest';
  readonly h: number;
  readonly to: RefHeap;
  readonly nullable: boolean;
}

export const refTest: OpDeclaration<RefTestOp> = {
  kind: 'refTest',
  weight: 2,
  fromBytes(r, typeCount) {
    const to = heapFromBytes(r, typeCount);
    return { op: 'refTest', h: recentIndex(r), to, nullable: r.bit() };
  },
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], (s) => s.ty !== 'exn'); // ref.test on an exnref: no op-stream target
    if (h === undefined) return undefined;
    return { op: 'refTest', h, to: shape.testTarget(h, fixupHeap(raw['to'], shape.types)), nullable: raw['nullable'] === true };
  },
  run(x, op) {
    const hd = x.handleAt(op.h);
    const got = x.attempt(() => runtimeRefTest(x, x.store.get(hd), op.to, op.nullable));
    const m = x.model;
    if (!x.outcome(got, 'refTest', null)) return;
    if (m !== null) {
      const want = modelRefTest(m.types, m.handleValue(op.h), op.to, op.nullable);
      if (got.value !== want) throw new OracleFailure('dangling', x.opIndex, `ref.test ${op.nullable ? 'null ' : ''}${String(op.to)} to be ${want ? 1 : 0}`, got.value ? '1' : '0', `value of handle ${op.h}`);
    }
    x.obs(obsTest(got.value));
  },
  simplify: (op) => (op.nullable ? [{ ...op, nullable: false }] : []),
};
