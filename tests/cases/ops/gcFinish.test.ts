import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { OK, obsError } from '../../../oracles/observation';
import { incrementalCase, everyCollector, stepThrough } from './incrementalOpCase';

const open = [
  { op: 'newStruct', type: 0, owned: true },
  { op: 'newStruct', type: 0, owned: false },
  { op: 'gcStart' },
  { op: 'gcSlice', budget: 1 },
  { op: 'pushFrame', args: [{ v: 'slot', slot: { s: 'handle', h: 0 } }], locals: 1 },
  { op: 'enterScope' },
  { op: 'newStruct', type: 0, owned: false },
  { op: 'exitScope' },
  { op: 'popFrame' },
];

test('gcFinish completes the open collection after frames and scopes came and went; inside a no-GC scope it fails on every collector', () => {
  const c = incrementalCase([...open, { op: 'enterNoGc' }, { op: 'gcFinish' }, { op: 'exitNoGc' }, { op: 'gcFinish' }, { op: 'gcFinish' }]);
  assert.equal(c.ops.length, 14);
  const want = [...open.map(() => OK), OK, obsError('invariant'), OK, OK, OK];
  for (const collector of everyCollector) {
    const r = runOpCase(c, { collector, mode: 'lockstep' });
    assert.deepEqual(r.trace, want, collector.name);
    // The finish completes one collection (run back to back where the mutator may not run between increments), then the closing one.
    assert.equal(r.collections, 2, collector.name);
  }
  const states: boolean[] = [];
  stepThrough(c, everyCollector.find((r) => r.name === 'incremental:0')!, (x) => states.push(x.store.incrementalOpen));
  assert.deepEqual(states.slice(8, 14), [true, true, true, true, false, false], 'open across frames, scopes and the no-GC scope; closed by the finish');
  opsTarget.run(c, everyCollector);
});

test('gcFinish with no collection open collects nothing', () => {
  const c = incrementalCase([{ op: 'newStruct', type: 0, owned: true }, { op: 'gcFinish' }]);
  for (const collector of everyCollector) assert.equal(runOpCase(c, { collector, mode: 'lockstep' }).collections, 1, collector.name);
});
