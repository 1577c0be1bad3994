import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runFuzz } from '../../src/harness/runFuzz';
import { ProgressReporter } from '../../src/harness/progressReporter';
import { readReproducer } from '../../src/harness/reproducer';
import { replayWithTimeout } from '../../src/harness/replayWithTimeout';
import { NO_SHARD } from '../../src/harness/shard';
import type { FuzzSessionConfig } from '../../src/harness/fuzzSession';

const HANGING = path.resolve(__dirname, '../brokenCollectors/chainWalkingDrc.js');
const quiet = () => new ProgressReporter(() => {});
const cfg = (over: Partial<FuzzSessionConfig>): FuzzSessionConfig => ({
  target: 'ops', collector: HANGING, seed: 1, runs: 50, timeSeconds: null, workers: 1, shard: NO_SHARD, targetOptions: {},
  caseTimeoutSeconds: 2, outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-watchdog-')), minimise: { maxRuns: 200, maxMs: 30_000 }, ...over,
});

test('a case that hangs becomes a timeout finding with a reproducer on disk, for any worker count', async () => {
  for (const workers of [1, 2]) {
    const s = await runFuzz(cfg({ workers }), quiet());
    assert.equal(s.exitCode, 1);
    const f = s.findings[0];
    assert.ok(f);
    assert.equal(f.oracle, 'timeout');
    assert.equal(f.run, 1, 'the first case that reaches a ring of first fields (seed 1)');
    const r = readReproducer(f.reproducer);
    assert.equal(r.oracle, 'timeout');
    assert.deepEqual(r.collectors, ['chain-walking-drc']);
    assert.equal(r.collectorPaths['chain-walking-drc'], HANGING);
    assert.equal(r.minimised, false);
  }
});

test('replaying a timeout reproducer stops after the timeout and says it still hangs', async () => {
  const s = await runFuzz(cfg({}), quiet());
  const file = s.findings[0]!.reproducer;
  const r = await replayWithTimeout(file, 1);
  assert.deepEqual(r, { kind: 'timeout', seconds: 1 });
});

test('the watchdog is quiet on the real collectors', async () => {
  const s = await runFuzz(cfg({ collector: 'all', runs: 30 }), quiet());
  assert.equal(s.exitCode, 0);
  assert.equal(s.runs, 30);
});
