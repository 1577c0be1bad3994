import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readReproducer } from '../../../../src/harness/reproducer';

const root = path.resolve(__dirname, '../../../../..');
const cli = path.join(root, 'dist/src/cli.js');

test('--target ttf through the CLI catches leakyDrc (leak oracle) within 5 runs of seed 1, and the reproducer replays', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-ttf-'));
  const collector = path.join('dist/tests/brokenCollectors/leakyDrc.js');
  const r = spawnSync(process.execPath, [cli, 'fuzz', '--target', 'ttf', '--seed', '1', '--runs', '5', '--workers', '1', '--minimise-runs', '0', '--collector', collector, '--out', out, '--json'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { findings: { oracle: string; reproducer: string }[] };
  const f = summary.findings[0]!;
  assert.equal(f.oracle, 'leak', JSON.stringify(f));
  const rep = readReproducer(f.reproducer);
  assert.equal(rep.target, 'ttf');
  const replay = spawnSync(process.execPath, [cli, 'replay', f.reproducer], { cwd: root, encoding: 'utf8' });
  assert.equal(replay.status, 1, replay.stdout + replay.stderr);
  assert.match(replay.stdout, /still failing: \[leak\]/);
  // The same case on the clean collector passes: the finding is the broken collector's.
  const clean = spawnSync(process.execPath, [cli, 'replay', f.reproducer, '--collector', 'drc'], { cwd: root, encoding: 'utf8' });
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
});
