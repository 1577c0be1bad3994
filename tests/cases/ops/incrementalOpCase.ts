import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import type { OpCase } from '../../../src/gen/ops/opCase';
import { builtinCollectors, incrementalZealVariant } from '../../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../../src/runtime/gcHeap';
import { OpRunner } from '../../../src/harness/targets/ops/opRunner';
import { runDeclaredOp } from '../../../src/cases/ops/opDeclarations';

const ref = (heap: number | string) => ({ storage: { kind: 'ref', nullable: true, heap }, mutable: true });

/** A small case shape for the explicit incremental ops' tests: a node struct (0) and an array of anyref (1); budget 1 per default slice. */
export function incrementalCase(ops: readonly unknown[]): OpCase {
  return fixupOpCase({
    types: [{ kind: 'struct', fields: [ref(0), ref('any')] }, { kind: 'array', element: ref('any') }],
    globals: ['any'],
    tables: [{ elem: 'any', size: 2 }],
    config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: true, checks: true }, incrementBudget: 1 },
    ops,
  });
}

/** Every built-in collector, plus `incremental` with its zeal off (only the explicit ops open collections). */
export const everyCollector: readonly GcRuntime[] = [...Object.values(builtinCollectors), incrementalZealVariant('incremental:0')!];

/** Run `c`'s ops one by one in lockstep on `collector`, calling `after` with the runner after each. */
export function stepThrough(c: OpCase, collector: GcRuntime, after: (x: OpRunner) => void): void {
  const x = new OpRunner(c, { collector, mode: 'lockstep' });
  c.ops.forEach((op, i) => {
    x.opIndex = i;
    runDeclaredOp(x, op);
    after(x);
  });
}
