import assert from 'node:assert/strict';
import test from 'node:test';
import * as path from 'node:path';
import { assertReplayStillFails, fuzzCli, ROOT } from './fuzzCli';

// First finding when written: seed 1 run 0, op 3 ("expected an incremental zeal action ... within 2
// allocations in a row ..., got none in 2"); every collection stays correct, so without the
// zeal-liveness check nothing sees a store whose incremental zeal never runs.
test('zealLessIncremental (a store that runs no incremental zeal): the ops target reports accounting (store calls) within 5 runs of seed 1 and the reproducer replays', () => {
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/zealLessIncremental.js');
  const { f } = fuzzCli(['--target', 'ops', '--seed', '1', '--runs', '5', '--collector', collector, '--minimise-runs', '0'], 'gcfuzz-zealLessIncremental-', 120_000);
  assert.equal(f.oracle, 'accounting', JSON.stringify(f));
  assert.match(f.message, /incremental zeal action .*\(store calls, incremental zeal\)/);
  assertReplayStillFails(f.reproducer, 'accounting');
});
