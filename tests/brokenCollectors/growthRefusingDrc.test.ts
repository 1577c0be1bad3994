import assert from 'node:assert/strict';
import test from 'node:test';
import { assertReplayStillFails, fuzzWasmWith } from './fuzzWasmWith';

// First finding over seeds 1-6 (200-run sessions, model,interp): runs 3, 0, 0, 0, 0, 0 (s6d report);
// on main (no out-of-memory judgement, no growth reach) none in 300 runs of seed 1.
test('growthRefusingDrc (an allocation refused although the heap could grow): the wasm target\'s out-of-memory judgement reports it within 30 runs of seed 1', () => {
  const { r, f } = fuzzWasmWith('growthRefusingDrc', 30);
  assert.ok(f.run < 30);
  assert.equal(f.oracle, 'leak', r.stdout);
  assert.match(r.stdout, /out-of-memory judgement/);
  assertReplayStillFails(f.reproducer);
});
