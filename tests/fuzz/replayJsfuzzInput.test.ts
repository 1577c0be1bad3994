import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { JSFUZZ_CRASH_FORMAT } from '../../fuzz/replayJsfuzzInput';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist/src/cli.js');
const LEAKY = join(__dirname, 'fixtures', 'leakyCollector.js');

function record(dir: string, name: string, fields: Record<string, unknown>): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ format: JSFUZZ_CRASH_FORMAT, version: 1, oracle: 'crash', message: 'm', reproducedInProcess: false, ...fields }));
  return file;
}

test('`replay` runs a raw jsfuzz crash record through the target and collectors it names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcfuzz-replay-raw-'));
  const seed = readFileSync(join(ROOT, 'corpus/ops/seed-01.bin')).toString('base64');
  const failing = record(dir, 'ops.json', { target: 'ops', collector: LEAKY, input: seed });
  const r1 = spawnSync(process.execPath, [CLI, 'replay', failing], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r1.status, 1, r1.stdout + r1.stderr);
  assert.match(r1.stdout, /still failing \(ops target/);
  const module = readFileSync(join(ROOT, 'corpus/decoder/empty-module.wasm')).toString('base64');
  const passing = record(dir, 'decoder.json', { target: 'decoder', collector: 'all', input: module });
  const r2 = spawnSync(process.execPath, [CLI, 'replay', passing], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r2.status, 0, r2.stdout + r2.stderr);
  assert.match(r2.stdout, /passes: the decoder target/);
});

test('a crash record naming no known target, or without an input, is a usage error (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcfuzz-replay-raw-'));
  const noTarget = record(dir, 'a.json', { target: 'nope', input: '' });
  assert.equal(spawnSync(process.execPath, [CLI, 'replay', noTarget], { cwd: ROOT }).status, 2);
  const noInput = record(dir, 'b.json', { target: 'ops' });
  assert.equal(spawnSync(process.execPath, [CLI, 'replay', noInput], { cwd: ROOT }).status, 2);
});
