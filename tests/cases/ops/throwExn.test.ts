import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { OK, obsObject } from '../../../oracles/observation';
import forgetPendingException from '../../brokenCollectors/forgetPendingException';
import { exnCase } from './exnOpCase';
import { everyCollector, stepThrough } from './incrementalOpCase';

const h = (n: number) => ({ v: 'slot', slot: { s: 'handle', h: n } });

/** A node held only by an exception's payload, the exception held only by the pending slot across full, sliced and incremental collections. */
const ops = [
  { op: 'newStruct', type: 0, owned: true }, // node #1
  { op: 'newExn', tag: 0, vals: [h(0)], owned: true }, // exn #2
  { op: 'throwExn', h: 0 },
  { op: 'drop', h: 0 },
  { op: 'drop', h: 0 },
  { op: 'gc' },
  { op: 'gcStart' },
  { op: 'newStruct', type: 0, owned: true }, // allocated while marking
  { op: 'gcSlice', budget: 1 },
  { op: 'gcFinish' },
  { op: 'gcSliced', slices: 2 },
  { op: 'catchExn', keep: 'owned' },
  { op: 'exnGet', h: 0, tag: 0, f: 0, keep: 'no' },
];

test('throwExn makes an exception the store\'s pending exception, a root that keeps it and its payload alive across collections, on every collector', () => {
  const c = exnCase(ops);
  assert.equal(c.ops.length, ops.length, 'the hand-written case is valid as it stands');
  for (const collector of everyCollector) {
    const r = runOpCase(c, { collector, mode: 'lockstep' });
    assert.deepEqual(r.trace.slice(-2), [obsObject(2), obsObject(1)], collector.name);
    assert.deepEqual(r.trace.slice(0, 5), [OK, OK, OK, OK, OK], collector.name);
  }
  stepThrough(c, everyCollector[1]!, (x) => assert.equal(x.pending[0] !== 0, x.opIndex >= 2 && x.opIndex < 11, `pending after op ${x.opIndex}`));
  opsTarget.run(c, everyCollector);
});

test('throwExn: a collector that does not trace the pending exception (Wasmtime #13316) is caught by the dangling oracle at the first collection', () => {
  const c = exnCase(ops);
  assert.throws(() => runOpCase(c, { collector: forgetPendingException, mode: 'lockstep' }), (e: unknown) => e instanceof OracleFailure && e.oracle === 'dangling' && e.opIndex === 5);
});
