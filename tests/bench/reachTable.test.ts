import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReach, mannWhitneyGreater, reachTableText, summariseReach, type ReachRow } from '../../src/bench/reachTable';

const rows = (mutant: string, runs: readonly number[], oracle = 'leak'): ReachRow[] =>
  runs.map((run, i) => ({ mutant, seed: i + 1, run, oracle: run >= 2000 ? 'none' : oracle }));

test('summariseReach: mean, median (even and odd counts), misses at the budget, sorted distinct oracles', () => {
  assert.deepEqual(summariseReach([4, 0, 2000, 2], ['leak', 'dangling', 'none', 'leak'], 2000), { n: 4, mean: 501.5, median: 3, misses: 1, oracles: ['dangling', 'leak', 'none'] });
  assert.equal(summariseReach([5, 1, 3], ['a', 'a', 'a'], 2000).median, 3);
  assert.ok(Number.isNaN(summariseReach([], [], 2000).mean));
});

test('mannWhitneyGreater: small p only when the second sample is larger; 1 when all tie or a side is empty', () => {
  const low = [0, 1, 2, 3, 4, 5, 6, 7];
  const high = [10, 11, 12, 13, 14, 15, 16, 17];
  assert.ok(mannWhitneyGreater(low, high) < 0.001);
  assert.ok(mannWhitneyGreater(high, low) > 0.999);
  const p = mannWhitneyGreater(low, low);
  assert.ok(p > 0.4 && p < 0.6, String(p));
  assert.equal(mannWhitneyGreater([0, 0, 0], [0, 0]), 1);
  assert.equal(mannWhitneyGreater([], [1]), 1);
  // By hand: b's ranks 3+5+8+9+10+11 = 46, U = 46 - 21 = 25 against a mean of 15, variance
  // 5*6*12/12 = 30 (no ties), z = (25 - 15 - 0.5) / sqrt(30) = 1.7345, upper tail 0.0414.
  assert.ok(Math.abs(mannWhitneyGreater([1, 2, 4, 6, 7], [3, 5, 8, 9, 10, 11]) - 0.0414) < 0.0005);
  // Ties, by hand: 0,0,0 share rank 2, so b's rank sum is 2 + 4 = 6 and U = 3 against a mean of
  // 2; variance (4/12) * (5 - 24/12) = 1; z = (3 - 2 - 0.5) / 1 = 0.5, upper tail 0.3085.
  assert.ok(Math.abs(mannWhitneyGreater([0, 0], [0, 1]) - 0.3085) < 0.0005);
});

test('compareReach: both sides over the seeds both measured; worse when the mean is higher; oracle sets compared', () => {
  const tree = [...rows('a', [1, 2, 3]), ...rows('b', [5, 5, 5, 5]), ...rows('c', [0])];
  const base = [...rows('a', [1, 2, 9, 9]), ...rows('b', [1, 1, 1], 'dangling')];
  const lines = compareReach(tree, 2000, base);
  assert.deepEqual(lines.map((l) => l.mutant), ['a', 'b', 'c']);
  assert.deepEqual(lines[0]!.seeds, [1, 2, 3]);
  assert.equal(lines[0]!.base!.mean, 4);
  assert.equal(lines[0]!.worse, false);
  assert.equal(lines[0]!.oraclesDiffer, false);
  assert.deepEqual(lines[1]!.seeds, [1, 2, 3]);
  assert.equal(lines[1]!.worse, true);
  assert.equal(lines[1]!.oraclesDiffer, true);
  assert.ok(lines[1]!.pWorse! < 0.05);
  assert.equal(lines[2]!.base, undefined);
  const text = reachTableText(lines);
  assert.match(text, /^\| config \| seeds \| mean \| base mean/);
  assert.match(text, /\| b \| 3 \(1-3\) \| 5 \| 1 \|.*\*\*WORSE\*\*, oracles differ \|/);
  assert.match(text, /\| c \| 1 \(1-1\) \| 0 \| - \|.*no base \|/);
  assert.doesNotMatch(reachTableText(compareReach(tree, 2000)), /base/);
});
