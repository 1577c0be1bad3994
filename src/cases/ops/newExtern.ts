import type { OpDeclaration } from './opDeclaration';
import type { HostObject } from '../../../oracles/modelObject';
import { OK } from '../../../oracles/observation';

/** `allocExternref` with a fresh host object, rooted in a new handle. */
export interface NewExternOp {
  readonly op: 'newExtern';
  readonly owned: boolean;
}

export const newExtern: OpDeclaration<NewExternOp> = {
  kind: 'newExtern',
  weight: 6,
  fromBytes: (r) => ({ op: 'newExtern', owned: r.bit() }),
  fixup(_raw, shape) {
    const owned = shape.ownedFlag(_raw['owned']);
    shape.push(owned, 'extern', undefined);
    return { op: 'newExtern', owned };
  },
  run(x, op) {
    const host: HostObject = { serial: ++x.hostSerial };
    x.inFlightHost = host;
    const r = x.alloc(() => x.store.allocExternref(host), 'extern', 0, 0);
    x.inFlightHost = null;
    x.pushHandle(x.store.root(r, op.owned), op.owned);
    const m = x.model;
    if (m !== null) m.newExtern(host, op.owned).addr = r;
    x.obs(OK);
  },
  madeHandle: (op) => op.owned,
};
