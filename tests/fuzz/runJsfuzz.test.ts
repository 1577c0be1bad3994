import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJsfuzz } from '../../fuzz/runJsfuzz';
import { writeCrashReproducer } from '../../fuzz/writeCrashReproducer';
import { parseJsfuzzLine } from '../../fuzz/parseJsfuzzLine';
import { readReproducer } from '../../src/harness/reproducer';

const FIXTURE = join(__dirname, 'fixtures', 'crashOnMagic.js');

function dirs(): { seeds: string; grown: string; work: string; out: string } {
  const base = mkdtempSync(join(tmpdir(), 'gcfuzz-runjsfuzz-'));
  const seeds = join(base, 'seeds');
  mkdirSync(seeds);
  return { seeds, grown: join(base, 'grown'), work: join(base, 'work'), out: join(base, 'crashes') };
}

test('parseJsfuzzLine reads libFuzzer-style status lines and ignores the rest', () => {
  assert.deepEqual(parseJsfuzzLine('#335 NEW     cov: 16 corp: 4 exec/s: 4000 rss: 52.88 MB'), { execs: 335, kind: 'NEW', coverage: 16, corpus: 4, execsPerSecond: 4000 });
  assert.equal(parseJsfuzzLine('#0 READ units: 0'), null);
  assert.equal(parseJsfuzzLine('crash was written to crash-abc'), null);
});

test('a crashing seed stops jsfuzz at once and becomes a reproducer holding the input', async () => {
  const d = dirs();
  writeFileSync(join(d.seeds, 'crash-me'), 'CRASH! input');
  const r = await runJsfuzz({ target: FIXTURE, corpusDirs: [d.grown, d.seeds], seconds: 60, workDir: d.work });
  assert.equal(r.crashes.length, 1);
  assert.equal(r.segments, 1);
  assert.equal(r.error, null);
  const crash = r.crashes[0];
  assert.ok(crash);
  assert.equal(crash.input.toString(), 'CRASH! input');
  assert.match(crash.output, /TypeError: fixture crash on 12 bytes/);
  const rep = writeCrashReproducer('decoder', 'all', crash, d.out);
  const json = JSON.parse(readFileSync(rep.path, 'utf8')) as { input: string; oracle: string; target: string };
  assert.equal(Buffer.from(json.input, 'base64').toString(), 'CRASH! input');
  assert.equal(json.oracle, 'crash');
  assert.equal(rep.reproduced, false, 'the fixture crash does not recur through the decoder target in-process: a raw record');
  assert.match(rep.replay, /^npm run replay -- .*jsfuzz-decoder-[0-9a-f]{16}\.json$/);
});

test('a time-boxed run is stopped by SIGINT, reports progress and the worker coverage, and grows the first corpus dir', async () => {
  const d = dirs();
  writeFileSync(join(d.seeds, 'plain'), 'xyz');
  // 5 s: on a loaded machine jsfuzz takes seconds to run its first input.
  const r = await runJsfuzz({ target: FIXTURE, corpusDirs: [d.grown, d.seeds], seconds: 5, workDir: d.work });
  assert.equal(r.error, null);
  assert.equal(r.crashes.length, 0, 'random mutations do not spell CRASH! in 5 s');
  assert.ok(r.execs > 0 && r.samples.length > 0);
  assert.ok(r.coverage > 0);
  assert.ok(Object.keys(r.istanbul).some((f) => f.endsWith('crashOnMagic.js')), 'the worker dumped its coverage on SIGINT');
  assert.ok(readdirSync(d.grown).length > 0, 'new inputs are written to the first corpus dir');
  assert.deepEqual(readdirSync(d.seeds), ['plain'], 'seed dirs are never written');
});

test('an input past the per-input timeout is a crash, written as a timeout reproducer shrunk in a worker thread', async () => {
  const d = dirs();
  writeFileSync(join(d.seeds, 'hang'), 'HANG! input');
  const r = await runJsfuzz({ target: join(__dirname, 'fixtures', 'hangOnMagic.js'), corpusDirs: [d.grown, d.seeds], seconds: 60, workDir: d.work, inputTimeoutSeconds: 1 });
  assert.equal(r.crashes.length, 1);
  const crash = r.crashes[0]!;
  assert.match(crash.output, /timeout reached/);
  // As if the ops target had hung on these bytes: the decoded case does not hang on drc, so it is
  // kept whole and marked as not reproduced.
  const rep = writeCrashReproducer('ops', 'drc', crash, d.out);
  assert.equal(rep.oracle, 'timeout');
  assert.equal(rep.reproduced, false);
  const saved = readReproducer(rep.path);
  assert.equal(saved.oracle, 'timeout');
  assert.equal(saved.minimised, false);
  assert.deepEqual(saved.collectors, ['drc']);
  assert.match(rep.replay, /^npm run replay -- .*ops-drc-timeout-[0-9a-f]{16}\.json$/);
});
