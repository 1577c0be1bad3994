import type { OpDeclaration } from './opDeclaration';
import { OK } from '../../../oracles/observation';

/** `allocStruct` (all fields default), rooted in a new handle. */
export interface NewStructOp {
  readonly op: 'newStruct';
  readonly type: number;
  readonly owned: boolean;
}

export const newStruct: OpDeclaration<NewStructOp> = {
  kind: 'newStruct',
  weight: 8,
  fromBytes: (r, typeCount) => ({ op: 'newStruct', type: r.int(typeCount), owned: r.bit() }),
  fixup(raw, shape) {
    const type = shape.pickType(raw['type'], 'struct');
    if (type === undefined) return undefined;
    const owned = shape.ownedFlag(raw['owned']);
    shape.push(owned, type, undefined);
    return { op: 'newStruct', type, owned };
  },
  run(x, op) {
    const r = x.alloc(() => x.store.allocStruct(op.type), 'struct', op.type, 0);
    x.pushHandle(x.store.root(r, op.owned), op.owned);
    const m = x.model;
    if (m !== null) m.newStruct(op.type, op.owned).addr = r;
    x.obs(OK);
  },
  madeHandle: (op) => op.owned,
};
