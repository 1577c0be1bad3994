import type { OpDeclaration } from './opDeclaration';
import { OK } from '../../../oracles/observation';

/** Return from the innermost Wasm frame, discarding its refs. */
export interface PopFrameOp {
  readonly op: 'popFrame';
}

export const popFrame: OpDeclaration<PopFrameOp> = {
  kind: 'popFrame',
  weight: 2,
  fromBytes: () => ({ op: 'popFrame' }),
  fixup(_raw, shape) {
    if (shape.frames.length === 0) return undefined;
    shape.frames.pop();
    return { op: 'popFrame' };
  },
  run(x) {
    for (const r of x.frameAt(0)) x.remember(r);
    x.frames.pop();
    x.model?.popFrame();
    x.obs(OK);
  },
};
