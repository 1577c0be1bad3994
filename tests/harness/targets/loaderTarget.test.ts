import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getTarget, targetNames } from '../../../src/harness/targetRegistry';
import { loaderCaseFromBytes } from '../../../src/gen/loader/loaderCase';

const ROOT = path.resolve(__dirname, '../../../..');

test('the loader target is registered, runs on no collector, and runs a case through the loader oracle', () => {
  assert.ok(targetNames().includes('loader'));
  const t = getTarget('loader');
  assert.equal(t.usesCollectors, false);
  assert.deepEqual(t.run(loaderCaseFromBytes(new Uint8Array(0)), []), { ops: 1 });
});

test('a seeded loader session through the CLI is clean on the real loader', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-loader-cli-'));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/cli.js'), 'fuzz', '--target', 'loader', '--seed', '5', '--runs', '400', '--workers', '1', '--out', out, '--json'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const a = JSON.parse(r.stdout.trim().split('\n').pop()!) as { runs: number; findings: unknown[]; collectors: string[] };
  assert.equal(a.runs, 400);
  assert.deepEqual(a.findings, []);
  assert.deepEqual(a.collectors, []);
});
