import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/src/cli.js');

/** A finding as the fuzz CLI's JSON summary lists it. */
export interface CliFinding {
  readonly run: number;
  readonly oracle: string;
  readonly reproducer: string;
}

/**
 * `gcfuzz fuzz --target wasm --seed 1` against the broken collector `dist/tests/brokenCollectors/<name>.js`
 * on the interpreter engines (model, interp) for `runs` runs, unminimised, through the real CLI:
 * asserts it exits 1 and returns the process result and its first finding.
 */
export function fuzzWasmWith(name: string, runs: number): { r: SpawnSyncReturns<string>; f: CliFinding } {
  return fuzzWith('wasm', name, runs, ['--engines', 'model,interp']);
}

/** The same on the op-stream target (`--target ops --seed 1`, every oracle in lock step). */
export function fuzzOpsWith(name: string, runs: number): { r: SpawnSyncReturns<string>; f: CliFinding } {
  return fuzzWith('ops', name, runs, []);
}

function fuzzWith(target: string, name: string, runs: number, extra: readonly string[]): { r: SpawnSyncReturns<string>; f: CliFinding } {
  const collector = path.join(ROOT, `dist/tests/brokenCollectors/${name}.js`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `gcfuzz-${name}-`));
  const r = spawnSync(process.execPath, [CLI, 'fuzz', '--target', target, '--seed', '1', '--runs', String(runs), '--collector', collector, ...extra, '--out', out, '--json', '--minimise-runs', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stdout.trim().split('\n');
  const summary = JSON.parse(lines[lines.length - 1]!) as { findings: CliFinding[] };
  return { r, f: summary.findings[0]! };
}

/** `gcfuzz replay FILE` through the real CLI: asserts it still fails (exit 1). */
export function assertReplayStillFails(reproducer: string): void {
  const replay = spawnSync(process.execPath, [CLI, 'replay', reproducer], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(replay.status, 1, replay.stdout + replay.stderr);
}
