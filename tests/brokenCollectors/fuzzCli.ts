import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root: the CLI's working directory, against which a relative `--collector` path resolves. */
export const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/src/cli.js');

/** A finding as the fuzz CLI's JSON summary lists it. */
export interface CliFinding {
  readonly run: number;
  readonly oracle: string;
  readonly message: string;
  readonly reproducer: string;
}

/**
 * `gcfuzz fuzz ARGS --out TMP --json` through the real CLI (a fresh temporary `--out` directory
 * named after `outPrefix`): asserts it exits 1 (a finding) and returns the process result, the
 * first finding of its JSON summary (the last line of its output) and the `--out` directory.
 */
export function fuzzCli(args: readonly string[], outPrefix: string, timeout?: number): { r: SpawnSyncReturns<string>; f: CliFinding; out: string } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), outPrefix));
  const r = spawnSync(process.execPath, [CLI, 'fuzz', ...args, '--out', out, '--json'], { cwd: ROOT, encoding: 'utf8', timeout });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { findings: CliFinding[] };
  return { r, f: summary.findings[0]!, out };
}

/**
 * `gcfuzz replay FILE` through the real CLI: asserts it still fails (exit 1) and, given an oracle,
 * that it says `still failing: [ORACLE]`.
 */
export function assertReplayStillFails(reproducer: string, oracle?: string, timeout?: number): void {
  const replay = spawnSync(process.execPath, [CLI, 'replay', reproducer], { cwd: ROOT, encoding: 'utf8', timeout });
  assert.equal(replay.status, 1, replay.stdout + replay.stderr);
  if (oracle !== undefined) assert.match(replay.stdout, new RegExp(`still failing: \\[${oracle}\\]`));
}
