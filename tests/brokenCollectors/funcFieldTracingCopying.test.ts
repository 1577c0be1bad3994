import assert from 'node:assert/strict';
import test from 'node:test';
import { assertReplayStillFails, fuzzWasmWith } from './fuzzWasmWith';

// First finding over seeds 1-6 (200-run sessions, model,interp): runs 2, 3, 0, 2, 0, 0 (s6d report).
// Since the accounting oracle (checkHeapAccounting.ts) joined the wasm engines it usually sees this
// bug first: a store into a function-typed field runs the GC write barrier, so writeGcRef rises by
// more than the GC-ref writes the ledger counted (seed 1: accounting at run 2).
test('funcFieldTracingCopying (function-ref fields traced as GC refs): the wasm target reports it within 30 runs of seed 1 and the reproducer replays', () => {
  const { r, f } = fuzzWasmWith('funcFieldTracingCopying', 30);
  assert.ok(f.run < 30);
  assert.match(f.oracle, /^(dangling|sandbox|invariant|accounting)$/, r.stdout);
  assertReplayStillFails(f.reproducer);
});
