import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/src/cli.js');
const LEAKY = path.join(ROOT, 'dist/tests/fuzz/fixtures/leakyCollector.js');
const replay = (...args: string[]) => spawnSync(process.execPath, [CLI, 'replay', ...args], { cwd: ROOT, encoding: 'utf8' });

test('replay recognises a raw jsfuzz crash-* input by the target directory it lies in, or --target', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-artifacts-'));
  const seed = fs.readFileSync(path.join(ROOT, 'corpus/ops/seed-01.bin'));
  fs.mkdirSync(path.join(dir, 'ops'));
  const raw = path.join(dir, 'ops', 'crash-0123abcd');
  fs.writeFileSync(raw, seed);
  const passes = replay(raw);
  assert.equal(passes.status, 0, passes.stdout + passes.stderr);
  assert.match(passes.stdout, /^passes: the ops target accepts the \d+-byte input/);
  const fails = replay(raw, '--collector', LEAKY);
  assert.equal(fails.status, 1, fails.stdout + fails.stderr);
  assert.match(fails.stdout, /still failing \(ops target/);
  const elsewhere = path.join(dir, 'crash-0123abcd');
  fs.writeFileSync(elsewhere, seed);
  const unknown = replay(elsewhere);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--target ops\|wasm\|decoder/);
  assert.equal(replay(elsewhere, '--target', 'ops').status, 0);
  const module = path.join(dir, 'm.wasm');
  fs.copyFileSync(path.join(ROOT, 'corpus/decoder/empty-module.wasm'), module);
  assert.equal(replay(module, '--target', 'decoder').status, 0);
});

test('a truncated reproducer is reported as corrupt (exit 2), not replayed as a raw input', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-artifacts-'));
  const f = path.join(dir, 'ops', 'cut.json');
  fs.mkdirSync(path.dirname(f));
  fs.writeFileSync(f, '{"format":"gcfuzz-reproducer","version":1');
  const r = replay(f);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /corrupt reproducer/);
});
