import assert from 'node:assert/strict';
import test from 'node:test';
import { assertReplayStillFails, fuzzOpsWith } from './fuzzWasmWith';

// First findings when written (300-run sessions): seed 1 run 8, seed 2 run 4; after session 8's
// two snippets re-drew the op streams: seed 1 run 35, seed 2 run 19, seed 3 run 1 (400-run
// sessions). With barrier uses allowed to succeed (as on collectors without counting barriers) none
// in 300 runs of seed 1.
test('uncheckedCloneDrc (the clone barrier counts a forged ref without validating it): the ops target\'s sandbox oracle reports it within 50 runs of seed 1 and the reproducer replays', () => {
  const { f } = fuzzOpsWith('uncheckedCloneDrc', 50);
  assert.equal(f.oracle, 'sandbox', JSON.stringify(f));
  assert.match(f.message, /expected clone of a forged \w+ ref 0x[0-9a-f]+: SandboxError, got success/);
  assertReplayStillFails(f.reproducer);
});
