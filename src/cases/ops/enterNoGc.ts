import type { OpDeclaration } from './opDeclaration';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { OK } from '../../../oracles/observation';

/** Enter a no-GC scope: any collection started inside must raise InvariantError. */
export interface EnterNoGcOp {
  readonly op: 'enterNoGc';
}

export const enterNoGc: OpDeclaration<EnterNoGcOp> = {
  kind: 'enterNoGc',
  /** Drawn only inside the no-GC snippet, which also leaves the scope. */
  weight: 0,
  fromBytes: () => ({ op: 'enterNoGc' }),
  fixup(_raw, shape) {
    if (shape.noGc >= L.maxNoGcDepth) return undefined;
    shape.noGc++;
    return { op: 'enterNoGc' };
  },
  run(x) {
    x.store.enterNoGcScope();
    x.noGcDepth++;
    x.model?.enterNoGc();
    x.obs(OK);
  },
};
