import type { OpDeclaration } from './opDeclaration';
import { collect } from './collect';

/** Full collection (`Store.gc`). */
export interface GcOp {
  readonly op: 'gc';
}

export const gc: OpDeclaration<GcOp> = {
  kind: 'gc',
  weight: 1,
  fromBytes: () => ({ op: 'gc' }),
  fixup: () => ({ op: 'gc' }),
  run: (x) => collect(x, 'gc', 0),
};
