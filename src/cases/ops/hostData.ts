import type { OpDeclaration } from './opDeclaration';
import { recentIndex } from '../../gen/ops/opBytes';
import { hostSerial } from '../../harness/targets/ops/opOperands';
import { Fault } from '../../../oracles/modelSlot';
import { checkHostData } from '../../../oracles/checkHostData';
import { obsHost } from '../../../oracles/observation';

/** Look up the host data of the externref in handle h. */
export interface HostDataOp {
  readonly op: 'hostData';
  readonly h: number;
}

export const hostData: OpDeclaration<HostDataOp> = {
  kind: 'hostData',
  weight: 3,
  fromBytes: (r) => ({ op: 'hostData', h: recentIndex(r) }),
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], (s) => s.ty === 'extern');
    return h === undefined ? undefined : { op: 'hostData', h };
  },
  run(x, op) {
    const hd = x.handleAt(op.h);
    const want = x.model?.hostData(op.h);
    const got = x.attempt(() => x.store.hostData.get(x.store.heap.externrefHostData(x.store.get(hd))));
    if (!x.outcome(got, 'hostData', want instanceof Fault ? want : null)) return;
    if (want !== undefined && !(want instanceof Fault)) checkHostData(want, got.value, x.opIndex);
    x.obs(obsHost(hostSerial(got.value)));
  },
};
