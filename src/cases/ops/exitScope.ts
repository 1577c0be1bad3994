import type { OpDeclaration } from './opDeclaration';
import { SkipOp } from '../../harness/targets/ops/opRunControl';
import { OK } from '../../../oracles/observation';
import type { OpRunner } from '../../harness/targets/ops/opRunner';

/** Leave the innermost handle scope, releasing the scoped handles made inside it. */
export interface ExitScopeOp {
  readonly op: 'exitScope';
}

export const exitScope: OpDeclaration<ExitScopeOp> = {
  kind: 'exitScope',
  weight: 1,
  fromBytes: () => ({ op: 'exitScope' }),
  fixup(_raw, shape) {
    if (shape.scope === 0) return undefined;
    shape.handles = shape.handles.filter((s) => s.scope !== shape.scope);
    shape.scope--;
    return { op: 'exitScope' };
  },
  run(x) {
    exitRunnerScope(x);
    x.obs(OK);
  },
};

/** Leave the runner's innermost scope (runtime, handle list and model); SkipOp when none is open. */
export function exitRunnerScope(x: OpRunner): void {
  const depth = x.scopeMarks.length;
  const mark = x.scopeMarks.pop();
  if (mark === undefined) throw new SkipOp();
  x.runtime(() => x.store.exitScope(mark), 'exitScope');
  let w = 0;
  for (let k = 0; k < x.handles.length; k++) {
    if (x.handleScopes[k] !== depth) {
      x.handles[w] = x.handles[k]!;
      x.handleScopes[w++] = x.handleScopes[k]!;
    }
  }
  x.handles.length = w;
  x.handleScopes.length = w;
  x.model?.exitScope();
}
