import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertReplayStillFails, fuzzWasmWith } from './fuzzWasmWith';

test('crossHeapDrc (writes into another store\'s heap): the wasm target\'s bystander store reports sandbox within 50 runs of seed 1', () => {
  const { r, f } = fuzzWasmWith('crossHeapDrc', 50);
  assert.equal(f.oracle, 'sandbox', JSON.stringify(f));
  assert.match(r.stdout, /another store changed/);
  assertReplayStillFails(f.reproducer);
});
