import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runFuzz } from '../../src/harness/runFuzz';
import { ProgressReporter } from '../../src/harness/progressReporter';
import { caseSeed } from '../../src/harness/caseSeed';
import { readReproducer, writeReproducer, type Reproducer } from '../../src/harness/reproducer';
import { replayReproducer } from '../../src/harness/replayReproducer';
import { getTarget } from '../../src/harness/targetRegistry';
import type { FuzzSessionConfig } from '../../src/harness/fuzzSession';
import { UsageError } from '../../src/errors/UsageError';
import { NO_SHARD } from '../../src/harness/shard';

const quiet = () => new ProgressReporter(() => {});
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-test-'));
const cfg = (over: Partial<FuzzSessionConfig>): FuzzSessionConfig => ({
  target: 'ops', collector: 'all', seed: 1, runs: 40, timeSeconds: null, workers: 1, shard: NO_SHARD, targetOptions: {}, caseTimeoutSeconds: null, outDir: tmp(), minimise: { maxRuns: 500, maxMs: 30_000 }, ...over,
});

test('a session is deterministic and its cases do not depend on the worker count', async () => {
  const a = await runFuzz(cfg({ seed: 9 }), quiet());
  const b = await runFuzz(cfg({ seed: 9 }), quiet());
  const w = await runFuzz(cfg({ seed: 9, workers: 2 }), quiet());
  assert.equal(a.exitCode, 0);
  for (const s of [b, w]) {
    assert.equal(s.runs, a.runs);
    assert.equal(s.ops, a.ops);
    assert.deepEqual(s.findings, a.findings);
  }
  assert.deepEqual(a.collectors, ['null', 'drc', 'copying', 'incremental']);
  assert.ok(a.ops > 40 * 3 * 50);
});

test('shards 1/N..N/N of --runs R run exactly the cases of the unsharded --runs N*R', async () => {
  const whole = await runFuzz(cfg({ seed: 5, runs: 30, collector: 'drc' }), quiet());
  const parts = [];
  for (let i = 1; i <= 3; i++) parts.push(await runFuzz(cfg({ seed: 5, runs: 10, collector: 'drc', shard: { index: i, count: 3 }, workers: i }), quiet()));
  assert.deepEqual(parts.map((p) => p.shard), ['1/3', '2/3', '3/3']);
  assert.deepEqual(parts.map((p) => p.runs), [10, 10, 10]);
  assert.equal(parts.reduce((a, p) => a + p.ops, 0), whole.ops);
  assert.notEqual(parts[0]!.ops, parts[1]!.ops, 'the shards ran different cases');
});

test('run seeds are distinct per run and per session seed', () => {
  const seen = new Set<number>();
  for (const s of [0, 1, 2]) for (let r = 0; r < 1000; r++) seen.add(caseSeed(s, r));
  assert.equal(seen.size, 3000);
});

test('--time bounds a session with no run limit and reports the runs done', { timeout: 120_000 }, async () => {
  // With no run limit only the time bound can end the session: that it ends (the test's timeout is
  // the hang guard) is the check. How soon after the deadline depends on the machine's load, so no
  // upper bound is asserted (CI failed one of 5 s at load 12).
  const s = await runFuzz(cfg({ collector: 'drc', runs: null, timeSeconds: 2 }), quiet());
  assert.equal(s.interrupted, false);
  assert.ok(s.runs > 0, `${s.runs} runs`);
  assert.ok(s.durationMs >= 2000, `ended at ${s.durationMs} ms, not before its deadline`);
});

test('reproducers round-trip; malformed ones raise UsageError', () => {
  const dir = tmp();
  const c = getTarget('ops').fromBytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  const r: Reproducer = {
    format: 'gcfuzz-reproducer', version: 1, target: 'ops', collector: 'drc', collectors: ['drc'], collectorPaths: {}, seed: 1, run: 2, caseSeed: 3,
    oracle: 'leak', opIndex: 0, message: 'm', minimised: true, originalSize: 1, size: 1, replay: 'x', case: c,
  };
  const file = path.join(dir, 'r.json');
  writeReproducer(file, r);
  assert.deepEqual(readReproducer(file), r);
  assert.equal(replayReproducer(file).failure, null);
  for (const bad of ['{', '[]', JSON.stringify({ ...r, format: 'x' }), JSON.stringify({ ...r, oracle: 'nope' }), JSON.stringify({ ...r, collectors: [] }), JSON.stringify({ ...r, case: 7 }), JSON.stringify({ ...r, target: 'nope' })]) {
    fs.writeFileSync(file, bad);
    assert.throws(() => replayReproducer(file), UsageError, bad.slice(0, 40));
  }
  assert.throws(() => replayReproducer(path.join(dir, 'missing.json')), UsageError);
});
