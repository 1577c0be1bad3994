import type { SpawnSyncReturns } from 'node:child_process';
import * as path from 'node:path';
import { assertReplayStillFails as replayStillFails, fuzzCli, ROOT, type CliFinding } from './fuzzCli';

export type { CliFinding } from './fuzzCli';

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
  return fuzzCli(['--target', target, '--seed', '1', '--runs', String(runs), '--collector', collector, ...extra, '--minimise-runs', '0'], `gcfuzz-${name}-`, 600_000);
}

/** `gcfuzz replay FILE` through the real CLI: asserts it still fails (exit 1). */
export function assertReplayStillFails(reproducer: string): void {
  replayStillFails(reproducer, undefined, 120_000);
}
