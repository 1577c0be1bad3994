import type { OpDeclaration } from './opDeclaration';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { OK } from '../../../oracles/observation';

/** Open a handle scope (`Store.enterScope`). */
export interface EnterScopeOp {
  readonly op: 'enterScope';
}

export const enterScope: OpDeclaration<EnterScopeOp> = {
  kind: 'enterScope',
  weight: 1,
  fromBytes: () => ({ op: 'enterScope' }),
  fixup(_raw, shape) {
    if (shape.scope >= L.maxScopeDepth) return undefined;
    shape.scope++;
    return { op: 'enterScope' };
  },
  run(x) {
    x.scopeMarks.push(x.store.enterScope());
    x.model?.enterScope();
    x.obs(OK);
  },
};
