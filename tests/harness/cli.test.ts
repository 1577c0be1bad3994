import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const cli = path.resolve(__dirname, '../../src/cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') });

test('fuzz --json: exit 0 when clean, the last stdout line is the JSON summary, progress on stderr', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-cli-'));
  const r = run('fuzz', '--seed', '3', '--runs', '25', '--collector', 'drc', '--zeal', '5', '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const last = r.stdout.trim().split('\n').pop()!;
  const s = JSON.parse(last) as Record<string, unknown>;
  for (const k of ['target', 'collector', 'seed', 'runs', 'ops', 'durationMs', 'opsPerSecond', 'findings']) assert.ok(k in s, k);
  assert.equal(s['runs'], 25);
  assert.equal(s['collector'], 'drc');
  assert.match(r.stderr, /#0\tINITED/);
  assert.match(r.stderr, /DONE/);
});

test('bad usage exits 2 with a message on stderr', () => {
  for (const args of [['fuzz', '--bogus'], ['fuzz', '--seed', '-1'], ['fuzz', '--runs', 'x'], ['fuzz', '--workers', '0'], ['fuzz', '--collector', 'nope'],
    ['fuzz', '--collector', './no/such/module.js'], ['fuzz', '--target', 'nope'], ['fuzz', '--time', '0'], ['replay'], ['replay', '/no/such/file.json'], ['nope']]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /gcfuzz: /, args.join(' '));
  }
});

test('replay of a corrupt file exits 2 and leaves it in place; a passing regression exits 0', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-cli-'));
  const f = path.join(dir, 'corrupt.json');
  fs.writeFileSync(f, '{"format":"gcfuzz-reproducer","version":1');
  assert.equal(run('replay', f).status, 2);
  assert.ok(fs.existsSync(f));
  const ok = run('replay', 'corpus/regressions/drc-unreachable-cycle.json');
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /fixed/);
});
