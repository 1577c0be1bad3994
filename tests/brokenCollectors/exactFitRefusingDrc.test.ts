import assert from 'node:assert/strict';
import test from 'node:test';
import * as path from 'node:path';
import { assertReplayStillFails, fuzzCli, ROOT } from './fuzzCli';

// First findings when written (300-run sessions): seed 3 run 8, seed 2 run 79, seed 1 run 82
// (sizeBoundarySnippet's exact fills); after session 8's two snippets re-drew the op streams: seed 2
// run 11, seed 3 run 71, seed 1 run 133 (400-run sessions); without the exact-fit judgement the out-of-memory allowance
// accepted every refusal (no finding in 500 runs of seed 1).
test('exactFitRefusingDrc (an array filling the empty heap to the byte is refused): the ops target reports leak (exact-fit judgement) within 20 runs of seed 2 and the reproducer replays', () => {
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/exactFitRefusingDrc.js');
  const { f } = fuzzCli(['--target', 'ops', '--seed', '2', '--runs', '20', '--collector', collector, '--minimise-runs', '0'], 'gcfuzz-exactFitRefusingDrc-', 600_000);
  assert.equal(f.oracle, 'leak', JSON.stringify(f));
  assert.match(f.message, /\(exact-fit judgement\)/);
  assertReplayStillFails(f.reproducer, 'leak');
});
