import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import type { OpCase } from '../../../src/gen/ops/opCase';

const ref = (heap: number | string) => ({ storage: { kind: 'ref', nullable: true, heap }, mutable: true });

/**
 * A small case shape for the exception ops' tests. Types (each struct type is also a tag):
 * 0 node `{ref null 0, anyref}`; 1 record `{externref, exnref, i32}`; 2 an array of exnref.
 * Global 0 is anyref, global 1 exnref; table 0 holds exnref.
 */
export function exnCase(ops: readonly unknown[], gcEveryNAllocs = 0): OpCase {
  return fixupOpCase({
    types: [
      { kind: 'struct', fields: [ref(0), ref('any')] },
      { kind: 'struct', fields: [ref('extern'), ref('exn'), { storage: 'i32', mutable: true }] },
      { kind: 'array', element: ref('exn') },
    ],
    globals: ['any', 'exn'],
    tables: [{ elem: 'exn', size: 2 }],
    config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs, poison: true, checks: true }, incrementBudget: 1 },
    ops,
  });
}
