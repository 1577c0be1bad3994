import assert from 'node:assert/strict';
import test from 'node:test';
import * as path from 'node:path';
import { assertReplayStillFails, fuzzCli, ROOT } from './fuzzCli';

// First finding when written: seed 1 run 131, op 294 (a gcSlice inside a no-GC scope, on a
// collection the zeal opened, ran no heap slice); marking still finishes in the next full slice,
// so nothing else sees mark-only slices that do nothing.
test('incrementalIdleMarkSlice (mark-only slices do nothing): the ops target reports accounting (store calls) within 200 runs of seed 1 and the reproducer replays', () => {
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/incrementalIdleMarkSlice.js');
  const { f } = fuzzCli(['--target', 'ops', '--seed', '1', '--runs', '200', '--collector', collector, '--minimise-runs', '0'], 'gcfuzz-incrementalIdleMarkSlice-', 120_000);
  assert.equal(f.oracle, 'accounting', JSON.stringify(f));
  assert.match(f.message, /heap slice\(s\) .*\(store calls, sliceIncremental inside a no-GC scope\)/);
  assertReplayStillFails(f.reproducer, 'accounting');
});
