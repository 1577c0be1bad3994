import type { OpDeclaration } from './opDeclaration';
import { recentIndex } from '../../gen/ops/opBytes';
import { checkReadRef } from '../../../oracles/checkReadValue';
import { OK } from '../../../oracles/observation';
import { removeAt } from '../../../oracles/arrayEdits';

/** `Store.drop` of handle `h` (owned, or scoped before its scope exits). */
export interface DropOp {
  readonly op: 'drop';
  readonly h: number;
}

export const drop: OpDeclaration<DropOp> = {
  kind: 'drop',
  weight: 5,
  fromBytes: (r) => ({ op: 'drop', h: recentIndex(r) }),
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], () => true);
    if (h === undefined) return undefined;
    shape.handles.splice(shape.handles.length - 1 - h, 1);
    return { op: 'drop', h };
  },
  run(x, op) {
    const hd = x.handleAt(op.h);
    const idx = x.handles.length - 1 - op.h;
    const raw = x.runtime(() => x.store.get(hd), 'get');
    // Read back as it is let go: a write into the handle that the store lost shows here.
    if (x.model !== null) checkReadRef(x.model.handleValue(op.h), raw, x.opIndex, `handle ${op.h} as it is dropped`);
    x.remember(raw);
    x.runtime(() => x.store.drop(hd), 'drop');
    removeAt(x.handles, idx);
    removeAt(x.handleScopes, idx);
    x.model?.drop(op.h);
    x.obs(OK);
  },
};
