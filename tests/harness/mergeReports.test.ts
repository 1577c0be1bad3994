import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeNightlySummaries, mergeSamples } from '../../src/harness/mergeReports';
import { UsageError } from '../../src/errors/UsageError';
import { finding, syntheticSummary } from './nightly/syntheticSummary';

function shardSummary(shard: string, finishedAt: string) {
  const s = syntheticSummary('2026-11-21', 1, { shards: [shard], finishedAt });
  return { ...s, jobs: s.jobs.map((j) => ({ ...j, shards: [shard] })) };
}

test('merging shards sums runs, ops and job-seconds per job and unites shards', () => {
  const a = shardSummary('1/2', '2026-11-21T02:50:00.000Z');
  const b = { ...shardSummary('2/2', '2026-11-21T02:55:00.000Z'), findings: [finding({ shard: '2/2', message: 'm', reproducer: 'r.json', replay: 'npm run replay -- r.json' })] };
  const m = mergeNightlySummaries([b, a]);
  assert.deepEqual(m.shards, ['1/2', '2/2']);
  assert.equal(m.finishedAt, '2026-11-21T02:55:00.000Z');
  assert.equal(m.workers, 4);
  assert.equal(m.jobs.length, a.jobs.length);
  const ops = m.jobs.find((j) => j.id === 'ops/drc');
  assert.ok(ops);
  assert.equal(ops.runs, 1600);
  assert.equal(ops.ops, 160_000);
  assert.equal(ops.seconds, 120);
  assert.deepEqual(ops.shards, ['1/2', '2/2']);
  assert.equal(m.findings.length, 1);
  assert.equal(m.coverage?.lines, 81);
});

test('merging the same shard twice is refused', () => {
  const a = shardSummary('1/2', '2026-11-21T02:50:00.000Z');
  assert.throws(() => mergeNightlySummaries([a, a]), UsageError);
  assert.throws(() => mergeNightlySummaries([]), UsageError);
});

test('mergeSamples adds cumulative counts at every sample time and keeps the best coverage', () => {
  const merged = mergeSamples([
    [{ t: 0, runs: 0, ops: 0, coverage: 5 }, { t: 10, runs: 10, ops: 100, coverage: 9 }],
    [{ t: 5, runs: 3, ops: null, coverage: 7 }],
  ]);
  assert.deepEqual(merged, [
    { t: 0, runs: 0, ops: 0, coverage: 5 },
    { t: 5, runs: 3, ops: 0, coverage: 7 },
    { t: 10, runs: 13, ops: 100, coverage: 9 },
  ]);
});
