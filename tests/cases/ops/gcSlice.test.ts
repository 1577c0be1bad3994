import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import { OK } from '../../../oracles/observation';
import { incrementalCase, everyCollector, stepThrough } from './incrementalOpCase';

const chain = [
  { op: 'newStruct', type: 0, owned: true },
  { op: 'newStruct', type: 0, owned: true },
  { op: 'writeRef', dst: { s: 'field', h: 0, f: 0 }, val: { v: 'slot', slot: { s: 'handle', h: 1 } } },
  { op: 'newStruct', type: 0, owned: true },
  { op: 'writeRef', dst: { s: 'field', h: 0, f: 0 }, val: { v: 'slot', slot: { s: 'handle', h: 1 } } },
];

test('gcSlice runs one increment of its budget: a small budget keeps marking open across ops, mutation between slices included, on every collector', () => {
  const c = incrementalCase([
    ...chain,
    { op: 'gcStart' },
    { op: 'gcSlice', budget: 1 },
    { op: 'writeRef', dst: { s: 'field', h: 1, f: 0 }, val: { v: 'null' } }, // removes a snapshot edge while marking
    { op: 'enterNoGc' },
    { op: 'gcSlice', budget: 1 }, // marks only
    { op: 'exitNoGc' },
    { op: 'gcSlice', budget: 8 },
    { op: 'gcSlice', budget: 8 },
    { op: 'gcSlice', budget: 8 },
  ]);
  assert.equal(c.ops.length, 14);
  for (const collector of everyCollector) assert.deepEqual(runOpCase(c, { collector, mode: 'lockstep' }).trace, c.ops.map(() => OK), collector.name);
  const open: boolean[] = [];
  stepThrough(c, everyCollector.find((r) => r.name === 'incremental:0')!, (x) => open.push(x.store.incrementalOpen));
  assert.deepEqual(open.slice(5, 10), [true, true, true, true, true], 'budget-1 slices and a mark-only slice leave it open');
  assert.equal(open[13], false, 'budget-8 slices complete it');
  opsTarget.run(c, everyCollector);
});

test('gcSlice without an open collection does nothing; its budget is fixed up to 1..8 and simplifies to 1', () => {
  const c = incrementalCase([{ op: 'gcSlice', budget: 0 }, { op: 'gcSlice', budget: 99 }, { op: 'gcSlice', budget: 'x' }, { op: 'gcSlice', budget: 5 }]);
  assert.deepEqual(c.ops, [{ op: 'gcSlice', budget: 1 }, { op: 'gcSlice', budget: 8 }, { op: 'gcSlice', budget: 1 }, { op: 'gcSlice', budget: 5 }]);
  assert.deepEqual(fixupOpCase(JSON.parse(JSON.stringify(c))), c);
  for (const collector of everyCollector) {
    stepThrough(c, collector, (x) => assert.equal(x.store.incrementalOpen, false));
    assert.equal(runOpCase(c, { collector, mode: 'lockstep' }).collections, 1, 'only the closing collection');
  }
});
