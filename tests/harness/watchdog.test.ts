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
import type { FuzzSessionConfig, FuzzSummary } from '../../src/harness/fuzzSession';

const HANGING = path.resolve(__dirname, '../brokenCollectors/chainWalkingDrc.js');
const quiet = () => new ProgressReporter(() => {});
const cfg = (over: Partial<FuzzSessionConfig>): FuzzSessionConfig => ({
  target: 'ops', collector: HANGING, seed: 1, runs: 50, timeSeconds: null, workers: 1, shard: NO_SHARD, targetOptions: {},
  caseTimeoutSeconds: 0.5, outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-watchdog-')), minimise: { maxRuns: 300, maxMs: 120_000 }, ...over,
});

let minimised: Promise<FuzzSummary> | null = null;
/** One session with two workers whose hang is shrunk (shared by the tests below: shrinking a hang takes seconds). */
const minimisedSession = (): Promise<FuzzSummary> => (minimised ??= runFuzz(cfg({ workers: 2 }), quiet()));

test('a case that hangs becomes a timeout finding, shrunk to the ring that loops, for any worker count', async () => {
  const s = await minimisedSession();
  assert.equal(s.exitCode, 1);
  const f = s.findings[0];
  assert.ok(f);
  assert.equal(f.oracle, 'timeout');
  // Run 0 before the forged-header and object-size-limit snippets (issue 13) re-drew every seed.
  assert.equal(f.run, 1, 'the first case that reaches a ring of first fields (seed 1)');
  const r = readReproducer(f.reproducer);
  assert.equal(r.oracle, 'timeout');
  assert.deepEqual(r.collectors, ['chain-walking-drc']);
  assert.equal(path.resolve(path.dirname(f.reproducer), r.collectorPaths['chain-walking-drc']!), HANGING);
  assert.equal(r.minimised, true);
  assert.ok(r.size <= 4, `a struct, a store of itself into its first field, a drop: got ${r.size} ops`);
  assert.ok(r.originalSize > r.size);
  const unshrunk = await runFuzz(cfg({ workers: 1, minimise: { maxRuns: 0, maxMs: 0 } }), quiet());
  assert.equal(unshrunk.findings[0]?.run, 1, 'the same run with one worker');
  assert.equal(unshrunk.findings[0]?.size, r.originalSize, 'no budget: the reproducer is the whole case');
});

test('replaying a timeout reproducer stops after the timeout and says it still hangs', async () => {
  const s = await minimisedSession();
  const r = await replayWithTimeout(s.findings[0]!.reproducer, 1);
  assert.deepEqual(r, { kind: 'timeout', seconds: 1 });
});

test('the watchdog is quiet on the real collectors', async () => {
  const s = await runFuzz(cfg({ collector: 'all', runs: 30, caseTimeoutSeconds: 30 }), quiet());
  assert.equal(s.exitCode, 0);
  assert.equal(s.runs, 30);
});
