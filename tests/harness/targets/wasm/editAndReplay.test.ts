import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../../../src/errors/UsageError';
import { replayReproducer } from '../../../../src/harness/replayReproducer';
import { loadWatParser } from '../../../../src/wasm/text/parseWat';

const ROOT = path.resolve(__dirname, '../../../../..');
const cli = path.join(ROOT, 'dist/src/cli.js');
const watCli = path.join(ROOT, 'dist/src/harness/targets/wasm/watCli.js');
const node = (...args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
const replay = (file: string) => node(cli, 'replay', file);

let dir = '';
let reproducer = '';

before(async () => {
  await loadWatParser();
  // A real finding: the leaky DRC collector (children of a freed object are never decremented), through the CLI.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-wat-replay-'));
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/leakyDrc.js');
  const r = node(cli, 'fuzz', '--target', 'wasm', '--seed', '1', '--runs', '100', '--collector', collector, '--engines', 'model,interp', '--out', dir, '--json');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { findings: { reproducer: string; oracle: string; size: number }[] };
  reproducer = summary.findings[0]!.reproducer;
  assert.equal(summary.findings[0]!.oracle, 'leak');
  assert.ok(summary.findings[0]!.size <= 40, `reduced to ${summary.findings[0]!.size} instructions`);
});

const json = (): Record<string, unknown> & { case: Record<string, unknown> } => JSON.parse(fs.readFileSync(reproducer, 'utf8')) as Record<string, unknown> & { case: Record<string, unknown> };
const writeVariant = (name: string, edit: (r: ReturnType<typeof json>) => void): string => {
  const r = json();
  edit(r);
  const f = path.join(dir, name);
  fs.writeFileSync(f, JSON.stringify(r));
  return f;
};

test('a reproducer, its WAT written by `npm run wat`, and the WAT embedded alone all replay to the same verdict', () => {
  const j = replay(reproducer);
  assert.equal(j.status, 1, j.stdout + j.stderr);
  assert.match(j.stdout, /still failing: \[leak\]/);
  const w = node(watCli, reproducer);
  assert.equal(w.status, 0, w.stderr);
  const watFile = reproducer.replace(/\.json$/, '.wat');
  assert.equal(fs.readFileSync(watFile, 'utf8'), json().case['wat']);
  const t = replay(watFile);
  assert.equal(t.status, 1, t.stdout + t.stderr);
  assert.equal(t.stdout.split('\n')[0], j.stdout.split('\n')[0]);
  const onlyWat = writeVariant('only-wat.json', (r) => {
    delete r.case['wasm'];
    delete r.case['case'];
  });
  const o = replay(onlyWat);
  assert.equal(o.status, 1, o.stdout + o.stderr);
  assert.equal(o.stdout.split('\n')[0], j.stdout.split('\n')[0]);
});

/** A leak the leaky DRC shows: a struct holding another struct, dropped. */
const LEAK_WAT = `(module
  (type $node (struct (field (ref null $node))))
  (func (export "run0")
    ref.null none
    struct.new $node
    struct.new $node
    drop
  )
)
`;

test('edit and replay: the WAT replays as still failing; with the inner allocation (the reference the barrier counts) removed it replays as fixed', () => {
  const script = writeVariant('edited.json', (r) => {
    r.case = { engines: r.case['engines'], gcEveryNAllocs: 0, invocations: [{ export: 'run0', args: [] }], host: r.case['host'] };
  });
  const wat = script.replace(/\.json$/, '.wat');
  fs.writeFileSync(wat, LEAK_WAT);
  const failing = replay(wat);
  assert.equal(failing.status, 1, failing.stdout + failing.stderr);
  assert.match(failing.stdout, /still failing: \[leak\] leaky-drc/);
  // The edit: the parent no longer holds a child, so nothing is left for the broken decrement to leak.
  fs.writeFileSync(wat, LEAK_WAT.replace('    ref.null none\n    struct.new $node\n', '    ref.null none\n'));
  const fixed = replay(wat);
  assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
  assert.match(fixed.stdout, /^fixed: /);
  // The same module as a binary beside the script.
  const wasm = script.replace(/\.json$/, '.wasm');
  fs.writeFileSync(wasm, Buffer.from(JSON.parse(fs.readFileSync(reproducer, 'utf8')).case.wasm as string, 'base64'));
  fs.writeFileSync(script, fs.readFileSync(reproducer));
  assert.equal(replay(wasm).status, 1);
});

test('a reproducer whose parts disagree, or whose module or script is broken, exits 2 naming the part', () => {
  const cases: [string, (r: ReturnType<typeof json>) => void, RegExp][] = [
    ['truncated-wasm.json', (r) => void (r.case['wasm'] = (r.case['wasm'] as string).slice(0, 12)), /"wasm"/],
    ['empty-wasm.json', (r) => void (r.case['wasm'] = ''), /"wasm"/],
    ['no-types.json', (r) => void ((r.case['case'] as { module: { types: unknown[] } }).module.types = []), /"case.module" is not the module in "wasm"/],
    ['no-types-alone.json', (r) => {
      delete r.case['wasm'];
      delete r.case['wat'];
      (r.case['case'] as { module: { types: unknown[] } }).module.types = [];
    }, /invalid/],
    ['edited-wat.json', (r) => void (r.case['wat'] = (r.case['wat'] as string).replace('  (export', '  (global i32 (i32.const 7))\n  (export')), /"wat" is not the module in "wasm"/],
    ['bad-wat.json', (r) => void (r.case['wat'] = '(module (func i32.cnst 1))'), /"wat".*line 1/],
    ['no-export.json', (r) => {
      const inv = [{ export: 'nope', args: [] }];
      r.case['invocations'] = inv;
      (r.case['case'] as { invocations: unknown }).invocations = inv;
    }, /invocations\[0\].*"nope"/],
    ['script-disagrees.json', (r) => void (r.case['invocations'] = []), /"case.invocations" differs/],
  ];
  // Through the CLI once (exit 2), the rest in-process (the same replayReproducer the replay worker runs).
  const [first, ...rest] = cases;
  const r = replay(writeVariant(first![0], first![1]));
  assert.equal(r.status, 2, `${first![0]}: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, first![2]);
  for (const [name, edit, message] of rest) {
    const file = writeVariant(name, edit);
    assert.throws(() => replayReproducer(file), (e: unknown) => e instanceof UsageError && message.test(e.message), name);
  }
  const lone = path.join(dir, 'lone.wat');
  fs.writeFileSync(lone, LEAK_WAT);
  assert.throws(() => replayReproducer(lone), (e: unknown) => e instanceof UsageError && /no invocation script/.test(e.message));
});
