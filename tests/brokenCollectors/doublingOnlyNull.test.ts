import assert from 'node:assert/strict';
import test from 'node:test';
import * as path from 'node:path';
import { assertReplayStillFails, fuzzCli, ROOT } from './fuzzCli';

// First finding when written: seed 1 run 4 (the wasm target has no growth judgement: only the
// null out-of-memory judgement of the interpreter engines sees the refused growth).
test('doublingOnlyNull (growth only by doubling): the wasm target reports leak (null out-of-memory judgement) within 100 runs of seed 1 and the reproducer replays', () => {
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/doublingOnlyNull.js');
  const { f } = fuzzCli(['--target', 'wasm', '--seed', '1', '--runs', '100', '--collector', collector, '--minimise-runs', '0'], 'gcfuzz-doublingOnlyNull-', 120_000);
  assert.equal(f.oracle, 'leak', JSON.stringify(f));
  assert.match(f.message, /null out-of-memory judgement/);
  assertReplayStillFails(f.reproducer, 'leak');
});
