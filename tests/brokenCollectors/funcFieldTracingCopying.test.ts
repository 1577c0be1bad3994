import assert from 'node:assert/strict';
import test from 'node:test';
import { assertReplayStillFails, fuzzWasmWith } from './fuzzWasmWith';

// First finding over seeds 1-6 (200-run sessions, model,interp): runs 2, 3, 0, 2, 0, 0 (s6d report).
test('funcFieldTracingCopying (function-ref fields traced as GC refs): the wasm target reports it within 30 runs of seed 1 and the reproducer replays', () => {
  const { r, f } = fuzzWasmWith('funcFieldTracingCopying', 30);
  assert.ok(f.run < 30);
  assert.match(f.oracle, /^(dangling|sandbox|invariant)$/, r.stdout);
  assertReplayStillFails(f.reproducer);
});
