import assert from 'node:assert/strict';
import test from 'node:test';
import { assertReplayStillFails, fuzzOpsWith, fuzzWasmWith } from './fuzzWasmWith';

/**
 * Broken free lists (built through the `withFreeList` seam), each caught by the free-list oracle
 * through the real CLI, on the op-stream target, seed 1. First finding over seeds 1-5 (300-run
 * sessions): firstFitLargeDrc runs 113, 7, 1, 93, 176; exactBlockSkippingIncremental 0, 0, 0, 0, 1;
 * remainderLeakingDrc 0, 0, 0, 0, 3. With the oracle's two install lines removed, the first two
 * (heap still sound) go unreported over 300 runs of seeds 1-3; the leaked remainder is seen later,
 * by the heap walk (invariant) or the object count (leak).
 */
const cases: readonly [module: string, runs: number, message: RegExp][] = [
  ['firstFitLargeDrc', 200, /expected the \d+-byte block at \d+ \(best fit[^)]*\), got the \d+-byte block at \d+/],
  ['exactBlockSkippingIncremental', 20, /expected the (\d+)-byte block at \d+ \(best fit[^)]*\), got (the \d+-byte block at \d+|no block)/],
  ['remainderLeakingDrc', 20, /expected the remainder \[\d+, \+\d+\) kept free, got 0 free bytes there/],
];

for (const [module, runs, message] of cases) {
  test(`${module}: the ops target reports free-list within ${runs} runs of seed 1, and the reproducer replays`, () => {
    const { r, f } = fuzzOpsWith(module, runs);
    assert.equal(f.oracle, 'free-list', JSON.stringify(f));
    assert.ok(f.run < runs);
    assert.match(r.stdout, message);
    assertReplayStillFails(f.reproducer);
  });
}

// The wasm target's interpreter engines carry the oracle too: seeds 1-3 first find it at runs 2, 0, 0
// (with the oracle's install line removed the heap stays sound and nothing is reported).
test('exactBlockSkippingIncremental: the wasm target reports free-list within 10 runs of seed 1', () => {
  const { r, f } = fuzzWasmWith('exactBlockSkippingIncremental', 10);
  assert.equal(f.oracle, 'free-list', JSON.stringify(f));
  assert.match(r.stdout, /best fit/);
});
