import { test } from 'node:test';
import { assertCaughtThroughCli, targetArgs } from './fuzzCli';

/**
 * The accounting and roots oracles (issue #13: heap counters, collections, used bytes, initial
 * size, refreshed roots) each catch their deliberately broken collector through the real command
 * line (`--collector PATH`), within a bounded number of runs of seed 1: exit 1, a minimised
 * reproducer naming the oracle, and `replay` of it still failing. The accounting oracle also runs
 * on the Wasm target (interpreter engine, at the end of every invocation).
 */
const cases: readonly [module: string, oracle: string, target: 'ops' | 'wasm', runs: number][] = [
  ['uncountedDropNull', 'accounting', 'ops', 20],
  ['uncountedCollectionNull', 'accounting', 'ops', 20],
  ['reservedBytesUsedNull', 'accounting', 'ops', 20],
  ['unsizedStartNull', 'accounting', 'ops', 20],
  ['incrementalStaleVerifierRoots', 'roots', 'ops', 20],
  ['uncountedDropNull', 'accounting', 'wasm', 20],
  ['unsizedStartNull', 'accounting', 'wasm', 20],
];

for (const [module, oracle, target, runs] of cases) {
  test(`${module}: ${target} fuzzing reports ${oracle} within ${runs} runs of seed 1, and the reproducer replays`, () => {
    assertCaughtThroughCli(module, oracle, runs, targetArgs(target), 'gcfuzz-broken-accounting-');
  });
}
