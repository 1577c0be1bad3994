import assert from 'node:assert/strict';
import test from 'node:test';
import { assertReplayStillFails, fuzzOpsWith } from './fuzzWasmWith';

// First findings on seed 1 when written: ops run 0, wasm run 2; without DRC's accounting identities
// (checkDrcAccounting) neither target found it in 100 runs of seed 1.
test('freeBytesCountingDrc (usedBytes counts free blocks as used): the ops target\'s accounting oracle reports it within 10 runs of seed 1 and the reproducer replays', () => {
  const { f } = fuzzOpsWith('freeBytesCountingDrc', 10);
  assert.equal(f.oracle, 'accounting', JSON.stringify(f));
  assert.match(f.message, /expected usedBytes \d+ \(bumpPointer \d+ less 16 reserved less freeBytes \d+\)/);
  assertReplayStillFails(f.reproducer);
});
