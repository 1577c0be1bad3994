import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readReproducer, type Reproducer } from '../../src/harness/reproducer';

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

/**
 * `gcfuzz fuzz --seed 1 --runs RUNS --collector dist/tests/brokenCollectors/MODULE.js ARGS` through
 * the real CLI, minimising (the collector path relative to the repository root, as a user types it):
 * asserts it exits 1 and returns the process result, the first finding, its reproducer read back
 * and the collector path given.
 */
function fuzzBrokenCollector(module: string, runs: number, args: readonly string[], outPrefix: string): { r: SpawnSyncReturns<string>; f: CliFinding; rep: Reproducer; modulePath: string; out: string } {
  const modulePath = path.join('dist/tests/brokenCollectors', `${module}.js`);
  const { r, f, out } = fuzzCli(['--seed', '1', '--runs', String(runs), '--collector', modulePath, ...args], outPrefix);
  return { r, f, rep: readReproducer(f.reproducer), modulePath, out };
}

/** `--target TARGET`, and for the wasm target the interpreter engine alone (`--engines interp`). */
export function targetArgs(target: 'ops' | 'wasm'): string[] {
  return ['--target', target, ...(target === 'wasm' ? ['--engines', 'interp'] : [])];
}

/**
 * The broken collector MODULE fuzzed through the real CLI (as `fuzzBrokenCollector`) is caught by
 * `oracle` (a name, or names as `a|b`, whichever the case meets first): the first finding and its
 * minimised reproducer name it, and `replay` of the reproducer still fails with it.
 */
export function assertCaughtThroughCli(module: string, oracle: string, runs: number, args: readonly string[], outPrefix: string): ReturnType<typeof fuzzBrokenCollector> {
  const caught = fuzzBrokenCollector(module, runs, args, outPrefix);
  const { f, rep } = caught;
  assert.match(f.oracle, new RegExp(`^(${oracle})$`), JSON.stringify(f));
  assert.equal(rep.oracle, f.oracle);
  assert.equal(rep.minimised, true);
  assertReplayStillFails(f.reproducer, f.oracle);
  return caught;
}
