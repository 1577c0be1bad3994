import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { OK, obsError } from '../../../oracles/observation';
import { incrementalCase, everyCollector, stepThrough } from './incrementalOpCase';

test('gcStart opens a collection the ops after it run beside, on every collector, and fails inside a no-GC scope', () => {
  const c = incrementalCase([
    { op: 'newStruct', type: 0, owned: true }, // h0
    { op: 'gcStart' },
    { op: 'gcStart' }, // keeps the open one
    { op: 'newStruct', type: 0, owned: true }, // allocated while marking (black)
    { op: 'writeRef', dst: { s: 'field', h: 1, f: 0 }, val: { v: 'slot', slot: { s: 'handle', h: 0 } } },
    { op: 'drop', h: 0 },
    { op: 'enterNoGc' },
    { op: 'gcStart' }, // a collection may not start inside a no-GC scope
    { op: 'exitNoGc' },
    { op: 'read', src: { s: 'field', h: 0, f: 0 }, signed: false, keep: 'no' },
  ]);
  assert.equal(c.ops.length, 10, 'the hand-written case is valid as it stands');
  for (const collector of everyCollector) {
    const r = runOpCase(c, { collector, mode: 'lockstep' });
    assert.deepEqual(r.trace.slice(0, 9), [OK, OK, OK, OK, OK, OK, OK, obsError('invariant'), OK], collector.name);
  }
  opsTarget.run(c, everyCollector);
});

test('gcStart leaves the store\'s collection open only on a collector whose mutator runs between increments', () => {
  const c = incrementalCase([{ op: 'newStruct', type: 0, owned: true }, { op: 'gcStart' }, { op: 'newExtern', owned: true }]);
  for (const collector of everyCollector) {
    const open: boolean[] = [];
    stepThrough(c, collector, (x) => open.push(x.store.incrementalOpen));
    if (collector.name === 'incremental:0') assert.deepEqual(open, [false, true, true], collector.name);
    if (collector.mutatorRunsBetweenIncrements !== true) assert.deepEqual(open, [false, false, false], collector.name);
  }
});
