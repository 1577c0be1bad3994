import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

test('crossHeapDrc (writes into another store\'s heap): the wasm target\'s bystander store reports sandbox within 50 runs of seed 1', () => {
  const cli = path.join(ROOT, 'dist/src/cli.js');
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/crossHeapDrc.js');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-cross-heap-'));
  const r = spawnSync(process.execPath, [cli, 'fuzz', '--target', 'wasm', '--seed', '1', '--runs', '50', '--collector', collector, '--engines', 'model,interp', '--out', out, '--json', '--minimise-runs', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stdout.trim().split('\n');
  const summary = JSON.parse(lines[lines.length - 1]!) as { findings: { run: number; oracle: string; reproducer: string }[] };
  const f = summary.findings[0]!;
  assert.equal(f.oracle, 'sandbox', JSON.stringify(f));
  assert.match(r.stdout, /another store changed/);
  const replay = spawnSync(process.execPath, [cli, 'replay', f.reproducer], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(replay.status, 1, replay.stdout + replay.stderr);
});
