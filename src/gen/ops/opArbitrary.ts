import fc from 'fast-check';
import type { Op } from './opCase';
import { OP_DECLARATIONS } from '../../cases/ops/opDeclarations';

/**
 * One op with unresolved indices (fixupOpCase resolves them against the live state), drawn by the
 * weights of the op declarations (src/cases/ops; weight 0: only inside snippets).
 */
export function opArbitrary(typeCount: number): fc.Arbitrary<Op> {
  return fc.oneof(
    ...OP_DECLARATIONS.filter((d) => d.weight > 0).map((d) => ({ weight: d.weight, arbitrary: d.arbitrary(typeCount) as fc.Arbitrary<Op> })),
  );
}
