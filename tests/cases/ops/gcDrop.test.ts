import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { OK } from '../../../oracles/observation';
import { incrementalCase, everyCollector, stepThrough } from './incrementalOpCase';

const marked = [
  { op: 'newStruct', type: 0, owned: true },
  { op: 'newStruct', type: 0, owned: true },
  { op: 'writeRef', dst: { s: 'field', h: 0, f: 0 }, val: { v: 'slot', slot: { s: 'handle', h: 1 } } },
  { op: 'gcStart' },
  { op: 'gcSlice', budget: 2 },
  { op: 'drop', h: 0 }, // the child's own handle goes while it may be marked; the parent's field holds it
];

test('gcDrop abandons the open collection midway; the next full collection frees what died meanwhile and keeps the rest, on every collector', () => {
  const c = incrementalCase([...marked, { op: 'gcDrop' }, { op: 'writeRef', dst: { s: 'field', h: 0, f: 0 }, val: { v: 'null' } }, { op: 'gc' }, { op: 'gcDrop' }]);
  assert.equal(c.ops.length, 10);
  for (const collector of everyCollector) {
    const r = runOpCase(c, { collector, mode: 'lockstep' });
    assert.deepEqual(r.trace, c.ops.map(() => OK), collector.name);
    if (collector.reclaims !== 'nothing') assert.ok(r.objectsFreed >= 1, `${collector.name}: the child, dead since the drop, is freed by the full collection`);
  }
  const states: boolean[] = [];
  stepThrough(c, everyCollector.find((r) => r.name === 'incremental:0')!, (x) => states.push(x.store.incrementalOpen));
  assert.deepEqual(states.slice(3, 7), [true, true, true, false]);
  opsTarget.run(c, everyCollector);
});

test('an open collection meets reset: reset discards it, and a collection after it starts clean', () => {
  const c = incrementalCase([...marked, { op: 'reset' }, { op: 'newStruct', type: 0, owned: true }, { op: 'gcSlice', budget: 8 }, { op: 'gcStart' }, { op: 'gcSlice', budget: 8 }, { op: 'gcFinish' }, { op: 'gcDrop' }]);
  for (const collector of everyCollector) assert.deepEqual(runOpCase(c, { collector, mode: 'lockstep' }).trace, c.ops.map(() => OK), collector.name);
  const states: boolean[] = [];
  stepThrough(c, everyCollector.find((r) => r.name === 'incremental:0')!, (x) => states.push(x.store.incrementalOpen));
  assert.deepEqual(states.slice(5, 10), [true, false, false, false, true]);
  opsTarget.run(c, everyCollector);
});
