import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpCase } from '../../src/harness/targets/ops/runOpCase';
import { GcRootsList } from '../../src/runtime/gcRootsList';
import { OracleFailure } from '../../oracles/OracleFailure';
import { OK } from '../../oracles/observation';
import { incrementalCase, everyCollector } from '../cases/ops/incrementalOpCase';

/**
 * `GcRootsList.refresh` at the end of incremental marking (issue #13's gcRootsList survivor L94:
 * a refresh that clears the list without re-enumerating it): an incremental collection opened,
 * the only handle of an object dropped while marking is open, an allocation, then the finish. The
 * end-of-marking verifier must be shown today's roots; the roots oracle compares them with the
 * mutator's, kind by kind.
 */
const c = incrementalCase([
  { op: 'newStruct', type: 0, owned: true },
  { op: 'newStruct', type: 0, owned: true },
  { op: 'gcStart' },
  { op: 'gcSlice', budget: 1 },
  { op: 'drop', h: 0 },
  { op: 'newStruct', type: 0, owned: true },
  { op: 'gcFinish' },
]);
const incremental = everyCollector.find((r) => r.name === 'incremental:0')!;

test('refresh at the end of marking: the correct runtime passes on every collector', () => {
  assert.equal(c.ops.length, 7);
  for (const collector of everyCollector) assert.deepEqual(runOpCase(c, { collector, mode: 'lockstep' }).trace, c.ops.map(() => OK), collector.name);
});

test('refresh at the end of marking: a refresh that forgets to re-enumerate is a roots finding at the finish', () => {
  const real = Object.getOwnPropertyDescriptor(GcRootsList.prototype, 'refresh')!;
  Object.defineProperty(GcRootsList.prototype, 'refresh', { ...real, value(this: GcRootsList) { this.clear(); } });
  try {
    assert.throws(() => runOpCase(c, { collector: incremental, mode: 'lockstep' }), (e: unknown) => {
      assert.ok(e instanceof OracleFailure, String(e));
      assert.equal(e.oracle, 'roots');
      assert.equal(e.opIndex, 6);
      assert.match(e.message, /missing handle\[\d\]=\d+/);
      return true;
    });
  } finally {
    Object.defineProperty(GcRootsList.prototype, 'refresh', real);
  }
});
