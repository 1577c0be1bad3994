import type { OpDeclaration } from './opDeclaration';
import { recentIndex } from '../../gen/ops/opBytes';
import { OK } from '../../../oracles/observation';

/** `Store.clone` (read barrier) of handle `h` into a new handle. */
export interface CloneOp {
  readonly op: 'clone';
  readonly h: number;
  readonly owned: boolean;
}

export const clone: OpDeclaration<CloneOp> = {
  kind: 'clone',
  weight: 2,
  fromBytes: (r) => ({ op: 'clone', h: recentIndex(r), owned: r.bit() }),
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], () => true);
    if (h === undefined) return undefined;
    const src = shape.handle(h);
    const owned = shape.ownedFlag(raw['owned']);
    shape.push(owned, src.ty, src.len);
    return { op: 'clone', h, owned };
  },
  run(x, op) {
    const src = x.handleAt(op.h);
    x.pushHandle(x.runtime(() => x.store.clone(src, op.owned), 'clone'), op.owned);
    x.model?.clone(op.h, op.owned);
    x.obs(OK);
  },
  madeHandle: (op) => op.owned,
};
