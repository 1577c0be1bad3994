import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import type { OpCase } from '../../../src/gen/ops/opCase';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { GcHeapBase } from '../../../src/runtime/gcHeapBase';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { OK, obsTest } from '../../../oracles/observation';

const ref = (heap: number | string) => ({ storage: { kind: 'ref', nullable: true, heap }, mutable: true });
const shape = {
  // 0: node; 1: a subtype of node; 2: an array of anyref.
  types: [{ kind: 'struct', fields: [ref(0)] }, { kind: 'struct', fields: [ref(0), ref('any')], supertype: 0 }, { kind: 'array', element: ref('any') }],
  globals: ['any'],
  tables: [],
  config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: true, checks: true }, incrementBudget: 1 },
};

function caseOf(ops: readonly unknown[]): OpCase {
  return fixupOpCase({ ...shape, ops });
}

test('refTest answers ref.test through the runtime on every collector, before and after a moving collection, as the model does', () => {
  const c = caseOf([
    { op: 'newStruct', type: 1, owned: true }, // handle 0: a sub-node
    { op: 'refTest', h: 0, to: 0, nullable: false }, // sub <: node
    { op: 'refTest', h: 0, to: 'struct', nullable: false },
    { op: 'refTest', h: 0, to: 'array', nullable: true },
    { op: 'refTest', h: 0, to: 2, nullable: false },
    { op: 'gc' },
    { op: 'refTest', h: 0, to: 1, nullable: false }, // still its own type after the collection
    { op: 'writeRef', dst: { s: 'handle', h: 0 }, val: { v: 'i31', n: 5 } },
    { op: 'refTest', h: 0, to: 'i31', nullable: false },
    { op: 'refTest', h: 0, to: 'eq', nullable: false },
    { op: 'writeRef', dst: { s: 'handle', h: 0 }, val: { v: 'null' } },
    { op: 'refTest', h: 0, to: 'none', nullable: true }, // null matches every nullable target
    { op: 'refTest', h: 0, to: 'none', nullable: false },
    { op: 'newExtern', owned: true },
    { op: 'refTest', h: 0, to: 'extern', nullable: false },
  ]);
  assert.equal(c.ops.length, 15, 'the hand-written case is valid as it stands');
  const want = [OK, obsTest(true), obsTest(true), obsTest(false), obsTest(false), OK, obsTest(true), OK, obsTest(true), obsTest(true), OK, obsTest(true), obsTest(false), OK, obsTest(true)];
  for (const collector of Object.values(builtinCollectors)) assert.deepEqual(runOpCase(c, { collector, mode: 'lockstep' }).trace, want, collector.name);
  opsTarget.run(c, Object.values(builtinCollectors));
});

test('fixup keeps the target in the hierarchy of the handle\'s static type, and is idempotent', () => {
  const c = caseOf([
    { op: 'newExtern', owned: true },
    { op: 'refTest', h: 0, to: 'struct', nullable: true }, // extern handle: any-hierarchy target becomes extern
    { op: 'newStruct', type: 0, owned: true },
    { op: 'refTest', h: 0, to: 'extern', nullable: 'yes' }, // struct handle: extern becomes any; junk flag false
  ]);
  assert.deepEqual(c.ops[1], { op: 'refTest', h: 0, to: 'extern', nullable: true });
  assert.deepEqual(c.ops[3], { op: 'refTest', h: 0, to: 'any', nullable: false });
  assert.deepEqual(fixupOpCase(JSON.parse(JSON.stringify(c))), c);
});

test('refTest catches a collector that corrupts a live object\'s header type (the dangling oracle, at that op)', () => {
  const c = caseOf([
    { op: 'newStruct', type: 1, owned: true },
    { op: 'refTest', h: 0, to: 1, nullable: false },
  ]);
  const headerType = Object.getOwnPropertyDescriptor(GcHeapBase.prototype, 'headerType')!;
  Object.defineProperty(GcHeapBase.prototype, 'headerType', { ...headerType, value: (): number => 0 }); // every object reads as type 0
  try {
    assert.throws(() => runOpCase(c, { collector: builtinCollectors.drc, mode: 'lockstep' }), (e: unknown) => e instanceof OracleFailure && e.oracle === 'dangling' && e.opIndex === 1);
  } finally {
    Object.defineProperty(GcHeapBase.prototype, 'headerType', headerType);
  }
});
