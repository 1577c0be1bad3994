import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCaughtThroughCli, targetArgs } from './fuzzCli';

/**
 * The semi-space part of the accounting oracle (oracles/checkSemiSpaceAccounting.ts, issue #13:
 * copyingHeap.ts's counters) catches its deliberately broken copying collectors through the real
 * command line within a few runs of seed 1: a completed collection that reports no slice (ops and
 * Wasm targets), and a rollback that keeps the abandoned collection's object count (ops; the
 * forged-collection probe's rollback check meets it first, as sandbox), slices that overrun the store's increment budget (ops and Wasm
 * targets: oracles/checkCopyingSliceBudget.ts), and a replaced collection not counted as abandoned
 * (ops, as incremental-vs-full: checkAbandonedCount), and a growth that leaves the active lower
 * space at its old size (ops and Wasm targets: checkSemiSpaceGrowth, judged inside grow), and a
 * null answer to an object no semi-space can ever hold (ops: beyondMaximum, judged by the ledger).
 */
const cases: readonly [module: string, oracle: string, target: 'ops' | 'wasm', runs: number][] = [
  ['uncountedSliceCopying', 'accounting', 'ops', 10],
  ['uncountedSliceCopying', 'accounting', 'wasm', 10],
  // Since session 12 the forged-collection probe meets it first (seed 1 run 1): a refused forged
  // collection must leave the object count as it was.
  ['rollbackCountingCopying', 'sandbox', 'ops', 10],
  ['sliceOverrunCopying', 'accounting', 'ops', 10],
  ['sliceOverrunCopying', 'accounting', 'wasm', 10],
  ['uncountedReplacementCopying', 'incremental-vs-full', 'ops', 10],
  // First findings on seed 1 when written: ops run 2, wasm (model, interp) run 0.
  ['lowerEndKeepingCopying', 'accounting', 'ops', 10],
  ['lowerEndKeepingCopying', 'accounting', 'wasm', 10],
  // Seed 1 ops run 0.
  ['maxIgnoringCopying', 'accounting', 'ops', 10],
];

for (const [module, oracle, target, runs] of cases) {
  test(`${module}: ${target} fuzzing reports ${oracle} within ${runs} runs of seed 1, and the reproducer replays`, () => {
    const { f } = assertCaughtThroughCli(module, oracle, runs, targetArgs(target), 'gcfuzz-broken-semi-space-');
    assert.match(f.message, oracle === 'sandbox' ? /forged copiedBit .*the heap rolled back/ : /\[accounting\]/);
  });
}
