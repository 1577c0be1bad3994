import assert from 'node:assert/strict';
import test from 'node:test';
import * as path from 'node:path';
import { assertReplayStillFails, fuzzCli, ROOT } from './fuzzCli';

// First finding (session 10): ops seed 3 run 12; none in seeds 1-2 (50 runs each) or in the wasm
// target (seeds 1-2, 30 runs each). Without the growth judgement, none in 200 runs of seed 3: the
// out-of-memory allowance excused every refusal.
test('exactMaxRefusingDrc (growth to exactly the maximum refused): the ops target reports leak (growth judgement) within 13 runs of seed 3 and the reproducer replays', () => {
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/exactMaxRefusingDrc.js');
  const { f } = fuzzCli(['--target', 'ops', '--seed', '3', '--runs', '13', '--collector', collector, '--minimise-runs', '0'], 'gcfuzz-exactMaxRefusingDrc-', 600_000);
  assert.equal(f.oracle, 'leak', JSON.stringify(f));
  assert.match(f.message, /within the maximum of \d+, got refused \(growth judgement\)/);
  assertReplayStillFails(f.reproducer, 'leak');
});
