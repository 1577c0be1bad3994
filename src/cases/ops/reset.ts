import type { OpDeclaration } from './opDeclaration';
import { OK } from '../../../oracles/observation';

/** `Store.reset`: every handle, frame, global and table slot and the pending exception are gone. */
export interface ResetOp {
  readonly op: 'reset';
}

export const reset: OpDeclaration<ResetOp> = {
  kind: 'reset',
  weight: 1,
  fromBytes: () => ({ op: 'reset' }),
  fixup(_raw, shape) {
    shape.handles = [];
    shape.frames = [];
    shape.scope = 0;
    shape.noGc = 0;
    return { op: 'reset' };
  },
  run(x) {
    x.frames.length = 0;
    while (x.scopeMarks.length > 0) x.runtime(() => x.store.exitScope(x.scopeMarks.pop()!), 'exitScope');
    x.runtime(() => x.store.reset(), 'reset');
    x.globals.fill(0);
    x.pending[0] = 0;
    for (const t of x.tables) t.elems.fill(0);
    x.handles.length = 0;
    x.handleScopes.length = 0;
    x.graveyard.length = 0;
    x.noGcDepth = 0;
    x.deferredSlices = null;
    x.model?.reset();
    x.obs(OK);
  },
};
