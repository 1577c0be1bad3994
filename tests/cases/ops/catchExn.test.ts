import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { NULL, OK, obsObject } from '../../../oracles/observation';
import { exnPayloadLeakingDrc } from '../../brokenCollectors/exnPayloadLeakingDrc';
import { exnrefBarrierSkippingDrc } from '../../brokenCollectors/exnrefBarrierSkippingDrc';
import { exnCase } from './exnOpCase';
import { everyCollector } from './incrementalOpCase';

const h = (n: number) => ({ v: 'slot', slot: { s: 'handle', h: n } });

test('catchExn takes the pending exception (null when none), dropping it or keeping it in a handle; a dropped one is reclaimed with its payload', () => {
  const c = exnCase([
    { op: 'catchExn', keep: 'owned' }, // nothing pending
    { op: 'newStruct', type: 0, owned: true }, // node #1
    { op: 'newExn', tag: 0, vals: [h(0)], owned: true }, // exn #2
    { op: 'throwExn', h: 0 },
    { op: 'drop', h: 0 },
    { op: 'drop', h: 0 },
    { op: 'catchExn', keep: 'no' }, // caught by catch_all: dropped
    { op: 'catchExn', keep: 'no' }, // the slot was cleared
    { op: 'gc' },
  ]);
  assert.equal(c.ops.length, 9, 'the hand-written case is valid as it stands');
  for (const collector of everyCollector) {
    const r = runOpCase(c, { collector, mode: 'lockstep' });
    assert.deepEqual(r.trace, [NULL, OK, OK, OK, OK, OK, obsObject(2), NULL, OK], collector.name);
    if (collector.reclaims !== 'nothing') assert.equal(r.objectsFreed, 2, `${collector.name}: the exception and its payload are reclaimed`);
  }
  opsTarget.run(c, everyCollector);
});

test('a DRC that forgets an exception\'s payload when it frees it is caught by the leak oracle; one whose exnref stores skip the barrier (Wasmtime #13330) by the dangling oracle', () => {
  const leak = exnCase([
    { op: 'newStruct', type: 0, owned: true },
    { op: 'newExn', tag: 0, vals: [h(0)], owned: true },
    { op: 'drop', h: 1 },
    { op: 'throwExn', h: 0 },
    { op: 'drop', h: 0 },
    { op: 'catchExn', keep: 'no' },
    { op: 'gc' },
  ]);
  assert.equal(runOpCase(leak, { collector: builtinCollectors.drc, mode: 'lockstep' }).objectsFreed, 2);
  assert.throws(() => runOpCase(leak, { collector: exnPayloadLeakingDrc, mode: 'lockstep' }), (e: unknown) => e instanceof OracleFailure && e.oracle === 'leak' && e.opIndex === 6);
  const barrier = exnCase([
    { op: 'newExn', tag: 0, vals: [], owned: true },
    { op: 'writeRef', dst: { s: 'global', g: 1 }, val: h(0) },
    { op: 'drop', h: 0 },
    { op: 'gc' },
    { op: 'read', src: { s: 'global', g: 1 }, signed: false, keep: 'owned' },
    { op: 'throwExn', h: 0 },
  ]);
  assert.equal(barrier.ops.length, 6);
  assert.deepEqual(runOpCase(barrier, { collector: builtinCollectors.drc, mode: 'lockstep' }).trace, [OK, OK, OK, OK, obsObject(1), OK]);
  assert.throws(() => runOpCase(barrier, { collector: exnrefBarrierSkippingDrc, mode: 'lockstep' }), (e: unknown) => e instanceof OracleFailure && e.oracle === 'dangling' && e.opIndex <= 3);
});
