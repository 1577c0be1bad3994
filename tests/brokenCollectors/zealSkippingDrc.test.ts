import assert from 'node:assert/strict';
import test from 'node:test';
import * as path from 'node:path';
import { assertReplayStillFails, fuzzCli, ROOT } from './fuzzCli';

// First finding when written: seed 1 run 0 ("between 6 and 6 zeal collections ... got 0"); run 5
// since session 11's noGc/scope snippets re-drew seed 1's cases. Without
// the store-counts oracle nothing sees a zeal that never collects (when collections happen is an
// allowed difference).
test('zealSkippingDrc (a store whose gc_zeal never collects): the ops target reports accounting (store counts) within 10 runs of seed 1 and the reproducer replays', () => {
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/zealSkippingDrc.js');
  const { f } = fuzzCli(['--target', 'ops', '--seed', '1', '--runs', '10', '--collector', collector, '--minimise-runs', '0'], 'gcfuzz-zealSkippingDrc-', 120_000);
  assert.equal(f.oracle, 'accounting', JSON.stringify(f));
  assert.match(f.message, /zeal collections .*\(store counts, /);
  assertReplayStillFails(f.reproducer, 'accounting');
});
