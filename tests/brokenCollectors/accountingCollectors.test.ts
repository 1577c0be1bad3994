import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readReproducer } from '../../src/harness/reproducer';

/**
 * The accounting and roots oracles (issue #13: heap counters, collections, used bytes, initial
 * size, refreshed roots) each catch their deliberately broken collector through the real command
 * line (`--collector PATH`), within a bounded number of runs of seed 1: exit 1, a minimised
 * reproducer naming the oracle, and `replay` of it still failing. The accounting oracle also runs
 * on the Wasm target (interpreter engine, at the end of every invocation).
 */
const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/src/cli.js');
const cases: readonly [module: string, oracle: string, target: 'ops' | 'wasm', runs: number][] = [
  ['uncountedDropNull', 'accounting', 'ops', 20],
  ['uncountedCollectionNull', 'accounting', 'ops', 20],
  ['reservedBytesUsedNull', 'accounting', 'ops', 20],
  ['unsizedStartNull', 'accounting', 'ops', 20],
  ['incrementalStaleVerifierRoots', 'roots', 'ops', 20],
  ['uncountedDropNull', 'accounting', 'wasm', 20],
  ['unsizedStartNull', 'accounting', 'wasm', 20],
];

for (const [module, oracle, target, runs] of cases) {
  test(`${module}: ${target} fuzzing reports ${oracle} within ${runs} runs of seed 1, and the reproducer replays`, () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-broken-accounting-'));
    const modulePath = path.join('dist/tests/brokenCollectors', `${module}.js`);
    const args = [cli, 'fuzz', '--seed', '1', '--target', target, '--runs', String(runs), '--collector', modulePath, '--out', out, '--json', ...(target === 'wasm' ? ['--engines', 'interp'] : [])];
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { findings: { oracle: string; run: number; reproducer: string }[] };
    const f = summary.findings[0]!;
    assert.equal(f.oracle, oracle, JSON.stringify(f));
    const rep = readReproducer(f.reproducer);
    assert.equal(rep.oracle, oracle);
    assert.equal(rep.minimised, true);
    const replay = spawnSync(process.execPath, [cli, 'replay', f.reproducer], { cwd: root, encoding: 'utf8' });
    assert.equal(replay.status, 1, replay.stdout + replay.stderr);
    assert.match(replay.stdout, new RegExp(`still failing: \\[${oracle}\\]`));
  });
}
