import assert from 'node:assert/strict';
import test from 'node:test';
import * as path from 'node:path';
import { assertReplayStillFails, fuzzCli, ROOT } from './fuzzCli';

// First finding when written: seed 1 run 0, op 32 (without the read-back at drop: run 2, a heap walk).
test('handleWriteLosingNull (writes into host handles lost): the ops target reports dangling as the handle is dropped within 10 runs of seed 1 and the reproducer replays', () => {
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/handleWriteLosingNull.js');
  const { f } = fuzzCli(['--target', 'ops', '--seed', '1', '--runs', '10', '--collector', collector, '--minimise-runs', '0'], 'gcfuzz-handleWriteLosingNull-', 120_000);
  assert.equal(f.oracle, 'dangling', JSON.stringify(f));
  assert.match(f.message, /as it is dropped/);
  assertReplayStillFails(f.reproducer, 'dangling');
});
