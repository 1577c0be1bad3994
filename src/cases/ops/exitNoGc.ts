import type { OpDeclaration } from './opDeclaration';
import { SkipOp } from '../../harness/targets/ops/opRunControl';
import { OK } from '../../../oracles/observation';

/** Leave the innermost no-GC scope. */
export interface ExitNoGcOp {
  readonly op: 'exitNoGc';
}

export const exitNoGc: OpDeclaration<ExitNoGcOp> = {
  kind: 'exitNoGc',
  weight: 1,
  fromBytes: () => ({ op: 'exitNoGc' }),
  fixup(_raw, shape) {
    if (shape.noGc === 0) return undefined;
    shape.noGc--;
    return { op: 'exitNoGc' };
  },
  run(x) {
    if (x.noGcDepth === 0) throw new SkipOp();
    x.runtime(() => x.store.exitNoGcScope(), 'exitNoGc');
    x.noGcDepth--;
    x.model?.exitNoGc();
    x.obs(OK);
  },
};
