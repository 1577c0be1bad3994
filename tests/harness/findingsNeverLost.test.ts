import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readReproducer } from '../../src/harness/reproducer';
import type { FuzzSummary } from '../../src/harness/fuzzSession';

/** Issue #16 through the real CLI: output paths, signals, --time, names, working directory, exit codes. */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/src/cli.js');
const LEAKY = path.join(ROOT, 'dist/tests/brokenCollectors/leakyDrc.js');
const HANGING = path.join(ROOT, 'dist/tests/brokenCollectors/chainWalkingDrc.js');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-lost-'));
const cli = (args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env: { ...process.env, npm_lifecycle_event: 'test', ...env } });
const summaryOf = (stdout: string): FuzzSummary => JSON.parse(stdout.trim().split('\n').at(-1)!) as FuzzSummary;

test('--out that cannot hold a reproducer is exit 2 before any work, with or without a finding', () => {
  const dir = tmp();
  const file = path.join(dir, 'afile');
  fs.writeFileSync(file, 'x');
  for (const out of [file, path.join(file, 'sub'), '/dev/full', '/sys/nope', '/proc/nope']) {
    for (const collector of [LEAKY, 'drc']) {
      const r = cli(['fuzz', '--collector', collector, '--runs', '20', '--out', out]);
      assert.equal(r.status, 2, `${out} ${collector}: ${r.stderr}`);
      assert.match(r.stderr, /^gcfuzz: --out /, out);
      assert.doesNotMatch(r.stderr, /INITED|internal error/, 'rejected before the session starts');
    }
  }
});

test('two sessions with the same seed and different flags never take each other\'s reproducer', () => {
  const out = tmp();
  // Unminimised: --zeal only sets the case's zeal (seeds and flags share one generator), and the
  // reducer would take both findings to the same minimal case (then one content-named file).
  const a = summaryOf(cli(['fuzz', '--collector', LEAKY, '--runs', '20', '--minimise-runs', '0', '--out', out, '--json']).stdout);
  const b = summaryOf(cli(['fuzz', '--collector', LEAKY, '--runs', '20', '--zeal', '3', '--minimise-runs', '0', '--out', out, '--json']).stdout);
  const fa = a.findings[0]!;
  const fb = b.findings[0]!;
  const ra = readReproducer(fa.reproducer);
  const rb = readReproducer(fb.reproducer);
  assert.notDeepEqual(ra.case, rb.case, 'different flags, different cases');
  assert.notEqual(fa.reproducer, fb.reproducer);
  assert.equal(fs.readdirSync(out).length, 2, 'both reproducers are kept, nothing else (the unminimised ones were replaced)');
  assert.match(path.basename(fa.reproducer), /^ops-leaky-drc-leak-[0-9a-f]{16}\.json$/);
});

/** Starts a fuzz session, waits for `ready` on stderr, sends `signal`; resolves with what it printed and how long it took to exit. */
function interruptWhen(args: string[], ready: RegExp, signal: NodeJS.Signals, delayMs: number): Promise<{ code: number | null; stdout: string; stderr: string; exitMs: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, npm_lifecycle_event: 'test' } });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (sentAt === 0 && ready.test(stderr)) {
        sentAt = -1;
        setTimeout(() => {
          sentAt = Date.now();
          child.kill(signal);
        }, delayMs);
      }
    });
    child.on('close', (code) => resolve({ code, stdout, stderr, exitMs: sentAt > 0 ? Date.now() - sentAt : -1 }));
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} while a hang is being shrunk stops the session at once and keeps the reproducer`, async () => {
    const out = tmp();
    const r = await interruptWhen(['fuzz', '--collector', HANGING, '--case-timeout', '1', '--out', out, '--json'], /shrinking it/, signal, 1500);
    assert.ok(r.exitMs >= 0, r.stderr);
    // Before: ~50 s (the shrinker blocked the session thread in Atomics.wait). Generous bound: a loaded CI machine.
    assert.ok(r.exitMs < 8000, `exited ${r.exitMs} ms after ${signal}`);
    assert.equal(r.code, 1, 'a finding was made');
    const s = summaryOf(r.stdout);
    assert.equal(s.interrupted, true);
    assert.equal(s.findings[0]?.oracle, 'timeout');
    assert.ok(fs.existsSync(s.findings[0]!.reproducer));
    assert.equal(readReproducer(s.findings[0]!.reproducer).oracle, 'timeout');
    assert.match(r.stderr, /interrupted/);
  });
}

test('an interrupted session without a finding exits 130, not 0', async () => {
  const r = await interruptWhen(['fuzz', '--collector', 'drc', '--runs', '100000000', '--out', tmp(), '--json'], /INITED/, 'SIGINT', 500);
  assert.equal(r.code, 130, r.stderr);
  assert.equal(summaryOf(r.stdout).interrupted, true);
});

test('--time bounds the whole session, the shrinking of a hang included', () => {
  const out = tmp();
  const r = cli(['fuzz', '--collector', HANGING, '--case-timeout', '1', '--time', '4', '--out', out, '--json']);
  assert.equal(r.status, 1, r.stderr);
  const s = summaryOf(r.stdout);
  // Before: 69 s for --time 10. The session ends within the grace period of its deadline.
  assert.ok(s.durationMs < 4000 + 3000, `${s.durationMs} ms`);
  assert.equal(s.findings[0]?.oracle, 'timeout');
  assert.ok(fs.existsSync(s.findings[0]!.reproducer));
});

test('under `npm run`, relative --out, --collector and replay paths are the user\'s (INIT_CWD), and reproducers replay from anywhere', () => {
  const user = tmp();
  const npmEnv = { INIT_CWD: user, npm_lifecycle_event: 'fuzz' };
  // The user's collector directory (the compiled broken collectors, which require their siblings).
  const leakySources = path.dirname(LEAKY);
  fs.symlinkSync(leakySources, path.join(user, 'collectors'), 'dir');
  const r = cli(['fuzz', '--collector', './collectors/leakyDrc.js', '--runs', '20', '--out', 'found', '--json'], npmEnv);
  assert.equal(r.status, 1, r.stderr);
  const f = summaryOf(r.stdout).findings[0]!;
  assert.equal(path.dirname(f.reproducer), fs.realpathSync(path.join(user, 'found')));
  const rel = path.join('found', path.basename(f.reproducer));
  assert.equal(f.replay, `npm run replay -- ${rel}`);
  const rep = readReproducer(f.reproducer);
  assert.equal(rep.collectorPaths['leaky-drc'], '../collectors/leakyDrc.js', 'stored relative to the reproducer');
  const again = cli(['replay', rel], { INIT_CWD: user, npm_lifecycle_event: 'replay' });
  assert.equal(again.status, 1, again.stdout + again.stderr);
  // The finding and its collector moved together still replay; --collector swaps in a fixed one.
  const moved = tmp();
  fs.cpSync(path.join(user, 'found'), path.join(moved, 'found'), { recursive: true });
  fs.symlinkSync(leakySources, path.join(moved, 'collectors'), 'dir');
  const movedFile = path.join(moved, rel);
  assert.equal(cli(['replay', movedFile]).status, 1);
  const fixed = cli(['replay', movedFile, '--collector', 'drc']);
  assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
  assert.match(fixed.stdout, /^fixed: /);
});

test('--engines is checked before any work: unknown names and v8 alone are usage errors', () => {
  for (const engines of ['foo', 'v8', '']) {
    const r = cli(['fuzz', '--target', 'wasm', '--engines', engines, '--runs', '1', '--out', tmp()]);
    assert.equal(r.status, 2, `${engines}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /INITED|internal error|    at /);
  }
});

test('--help exits 0 for every command', () => {
  const scripts: [string, string[]][] = [
    [CLI, ['--help']], [CLI, ['fuzz', '--help']], [CLI, ['replay', '--help']],
    [path.join(ROOT, 'dist/fuzz/fuzzCov.js'), ['--help']], [path.join(ROOT, 'dist/src/wasm/spec/specCli.js'), ['--help']],
    [path.join(ROOT, 'dist/fuzz/mergeReports.js'), ['--help']], [path.join(ROOT, 'dist/fuzz/nightly.js'), ['--help']],
  ];
  for (const [script, args] of scripts) {
    const r = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `${path.basename(script)} ${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stdout.length > 0, `${path.basename(script)} prints its help`);
  }
});

test('a disk that fills up during the session: the finding goes to the fallback directory, the summary says where, no .tmp is left', (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to mount a small tmpfs (tests/harness/findingStore.test.ts injects ENOSPC instead)');
  const out = tmp();
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', out]).status !== 0) return t.skip('cannot mount a tmpfs here');
  t.after(() => spawnSync('umount', [out]));
  try {
    fs.writeFileSync(path.join(out, 'filler'), Buffer.alloc(64 * 1024)); // fills the disk; the up-front check (an empty file) still passes
  } catch {
    // full
  }
  const fallbackRoot = tmp();
  const r = cli(['fuzz', '--collector', LEAKY, '--runs', '20', '--out', out, '--json'], { TMPDIR: fallbackRoot });
  assert.equal(r.status, 1, r.stderr);
  const f = summaryOf(r.stdout).findings[0]!;
  assert.equal(path.dirname(f.reproducer), path.join(fallbackRoot, 'gcfuzz-findings'));
  assert.match(f.fallback ?? '', /ENOSPC/);
  assert.match(r.stdout, /^note: could not write to .*ENOSPC.*the reproducer is at /m);
  assert.equal(readReproducer(f.reproducer).oracle, 'leak');
  assert.deepEqual(fs.readdirSync(out), ['filler'], 'no temporary file left on the full disk');
});
