import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readReproducer } from '../../src/harness/reproducer';

const ROOT = resolve(__dirname, '../../..');
const LEAKY = join(__dirname, 'fixtures', 'leakyCollector.js');

test('fuzz:cov turns a jsfuzz crash into a minimised reproducer that `replay` re-runs', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gcfuzz-fuzzcov-'));
  const work = join(ROOT, 'reports/fuzz-cov/ops');
  const rawCrashes = (): string[] => (existsSync(work) ? readdirSync(work).filter((f) => f.startsWith('crash-')) : []);
  const before = rawCrashes();
  // The leaky collector fails the leak oracle on a checked-in seed, which jsfuzz runs first.
  const run = spawnSync(process.execPath, [join(ROOT, 'dist/fuzz/fuzzCov.js'), '--target', 'ops', '--collector', LEAKY, '-max_total_time=120', '--input-timeout', '60', join(tmp, 'corpus'), '--out', join(tmp, 'crashes'), '--json'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as { crashes: { reproducer: string; replay: string; oracle: string; raw: string | null }[] };
  const crash = summary.crashes[0];
  assert.ok(crash);
  assert.equal(crash.oracle, 'leak');
  const file = resolve(ROOT, crash.reproducer);
  const r = readReproducer(file);
  assert.equal(r.target, 'ops');
  assert.equal(r.oracle, 'leak');
  assert.ok(r.size <= r.originalSize);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { input?: string; source?: string };
  assert.equal(raw.source, 'jsfuzz');
  assert.ok(typeof raw.input === 'string' && raw.input.length > 0, 'the raw input is kept (base64)');
  assert.equal(crash.replay, `npm run replay -- ${crash.reproducer}`);
  assert.deepEqual(rawCrashes().filter((f) => !before.includes(f)), [], 'jsfuzz\'s raw crash-* copy is not left behind: the reproducer holds the input');
  const replay = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli.js'), 'replay', file], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(replay.status, 1, `replay still fails: ${replay.stdout}${replay.stderr}`);
  assert.match(replay.stdout, /\[leak\] leaky/);
  // libFuzzer's crash-<sha1> beside the JSON: the case bytes, which replay on the named collectors.
  assert.ok(crash.raw !== null);
  const rawFile = resolve(ROOT, crash.raw);
  assert.equal(dirname(rawFile), dirname(file));
  assert.match(rawFile, /crash-[0-9a-f]{40}$/);
  assert.equal(readFileSync(rawFile).toString('base64'), raw.input);
  assert.ok(existsSync(join(tmp, 'corpus')), 'the positional corpus directory is the one grown');
  const rawReplay = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli.js'), 'replay', '--target', 'ops', '--collector', LEAKY, rawFile], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(rawReplay.status, 1, `the raw crash file replays: ${rawReplay.stdout}${rawReplay.stderr}`);
  assert.match(rawReplay.stdout, /leak/);
  const raw2 = spawnSync(process.execPath, [join(ROOT, 'dist/fuzz/fuzzCov.js'), '--target', 'ops', '--collector', LEAKY, '--replay', file], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(raw2.status, 1, 'the raw input also replays through the jsfuzz target');
});

test('fuzz:cov --case-bytes N caps the case bytes in jsfuzz\'s worker and in the reproducer alike', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gcfuzz-fuzzcov-cap-'));
  const bad = spawnSync(process.execPath, [join(ROOT, 'dist/fuzz/fuzzCov.js'), '--target', 'ops', '--case-bytes', '0', join(tmp, 'corpus')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /--case-bytes/);
  const run = spawnSync(process.execPath, [join(ROOT, 'dist/fuzz/fuzzCov.js'), '--target', 'ops', '--collector', LEAKY, '--case-bytes', '48', '-max_total_time=120', '--input-timeout', '60', join(tmp, 'corpus'), '--out', join(tmp, 'crashes'), '--json'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as { crashes: { oracle: string; raw: string | null }[] };
  const crash = summary.crashes[0];
  assert.ok(crash?.raw);
  assert.equal(crash.oracle, 'leak');
  const bytes = readFileSync(resolve(ROOT, crash.raw));
  assert.ok(bytes.length > 0 && bytes.length <= 48, `case bytes ${bytes.length}`);
  const replay = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli.js'), 'replay', '--target', 'ops', '--collector', LEAKY, resolve(ROOT, crash.raw)], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(replay.status, 1, `the capped case replays: ${replay.stdout}${replay.stderr}`);
});
