import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatShard, globalRunIndex, parseShard, runsInShard, shardOfRun } from '../../src/harness/shard';
import { UsageError } from '../../src/errors/UsageError';

test('parseShard accepts i/N with 1 <= i <= N and rejects the rest with UsageError', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
  assert.equal(formatShard(parseShard(' 1 / 1 ')), '1/1');
  for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1', '-1/2', '1/2/3']) assert.throws(() => parseShard(bad), UsageError, bad);
});

test('N shards of R runs each cover global runs 0..N*R-1 exactly once', () => {
  for (const count of [1, 2, 3, 7]) {
    const R = 25;
    const seen = new Map<number, number>();
    for (let index = 1; index <= count; index++) {
      for (let k = 0; k < R; k++) {
        const g = globalRunIndex({ index, count }, k);
        assert.equal(shardOfRun(g, count), index);
        seen.set(g, (seen.get(g) ?? 0) + 1);
      }
    }
    assert.equal(seen.size, count * R);
    assert.deepEqual([...seen.keys()].sort((a, b) => a - b), Array.from({ length: count * R }, (_, i) => i));
  }
});

test('runsInShard splits a total budget with no remainder lost', () => {
  for (const total of [0, 1, 5, 10, 11]) {
    for (const count of [1, 3, 4]) {
      let sum = 0;
      for (let index = 1; index <= count; index++) {
        const n = runsInShard({ index, count }, total);
        sum += n;
        if (n > 0) assert.ok(globalRunIndex({ index, count }, n - 1) < total);
        assert.ok(globalRunIndex({ index, count }, n) >= total);
      }
      assert.equal(sum, total, `total ${total} over ${count}`);
    }
  }
});
