import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Wasm reduction benchmark (not a test). For each broken collector in tests/brokenCollectors,
 * runs the real CLI twice on the same seed: once with minimisation off (`--minimise-runs 0`),
 * once as a user would; the finding is the same run both times, so the difference in wall time
 * is the time minimisation took. Prints collector -> instructions before -> after -> seconds,
 * then the median and largest reproducer, and exits 1 if a goal is missed (median <= 40
 * instructions, largest <= 150, each reduction <= 60 s). Collectors the wasm target does not
 * catch within the runs are listed as such.
 *
 * Usage: node dist/src/bench/wasmReduceBench.js [seed=1] [runs=2000] [collector names...]
 */
const GOALS = { median: 40, largest: 150, seconds: 60 } as const;

interface Finding {
  readonly oracle: string;
  readonly run: number;
  readonly originalSize: number;
  readonly size: number;
  readonly reproducer: string;
}

function session(cli: string, collector: string, seed: number, runs: number, extra: readonly string[]): { finding: Finding | null; ms: number } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-reduce-bench-'));
  const args = [cli, 'fuzz', '--target', 'wasm', '--seed', String(seed), '--runs', String(runs), '--collector', collector, '--out', out, '--json', ...extra];
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t;
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let summary: { findings?: Finding[] };
  try {
    summary = JSON.parse(last) as { findings?: Finding[] };
  } catch {
    throw new Error(`${path.basename(collector)}: no JSON summary (exit ${String(r.status)}): ${r.stderr.slice(0, 500)}`);
  }
  return { finding: summary.findings?.[0] ?? null, ms };
}

/** Whether a module is a collector (a `default` or `collector` export with `newGcHeap`), not a helper such as brokenIncremental.js. */
function isCollectorModule(file: string): boolean {
  const m = require(file) as Record<string, unknown>;
  return [m['default'], m['collector']].some((c) => typeof c === 'object' && c !== null && typeof (c as Record<string, unknown>)['newGcHeap'] === 'function');
}

function main(): void {
  const root = path.resolve(__dirname, '../../..');
  const cli = path.join(root, 'dist/src/cli.js');
  const seed = Number(process.argv[2] ?? 1);
  const runs = Number(process.argv[3] ?? 2000);
  const dir = path.join(root, 'dist/tests/brokenCollectors');
  const only = process.argv.slice(4);
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js') && !f.endsWith('.test.js'))
    .map((f) => f.slice(0, -3))
    .filter((n) => only.length === 0 || only.includes(n))
    .filter((n) => isCollectorModule(path.join(dir, `${n}.js`)))
    .sort();
  const rows: { name: string; before: number; after: number; seconds: number; oracle: string; file: string }[] = [];
  process.stdout.write(`| collector | oracle | instructions before | after | seconds |\n|---|---|---|---|---|\n`);
  for (const name of names) {
    const collector = path.join(dir, `${name}.js`);
    const plain = session(cli, collector, seed, runs, ['--minimise-runs', '0']);
    if (plain.finding === null) {
      process.stdout.write(`| ${name} | not caught by the wasm target in ${runs} runs | | | |\n`);
      continue;
    }
    const full = session(cli, collector, seed, runs, []);
    if (full.finding === null || full.finding.run !== plain.finding.run) throw new Error(`${name}: the two sessions found different runs`);
    const seconds = Math.max(0, (full.ms - plain.ms) / 1000);
    const row = { name, before: full.finding.originalSize, after: full.finding.size, seconds, oracle: full.finding.oracle, file: full.finding.reproducer };
    rows.push(row);
    process.stdout.write(`| ${name} | ${row.oracle} | ${row.before} | ${row.after} | ${seconds.toFixed(1)} |\n`);
  }
  if (rows.length === 0) {
    process.stdout.write('no collector caught\n');
    process.exitCode = 1;
    return;
  }
  const sizes = rows.map((r) => r.after).sort((a, b) => a - b);
  const mid = sizes.length >> 1;
  const median = sizes.length % 2 === 1 ? sizes[mid]! : (sizes[mid - 1]! + sizes[mid]!) / 2;
  const largest = sizes[sizes.length - 1]!;
  const slowest = Math.max(...rows.map((r) => r.seconds));
  process.stdout.write(`median ${median} instructions (goal <= ${GOALS.median}), largest ${largest} (goal <= ${GOALS.largest}), slowest reduction ${slowest.toFixed(1)} s (goal <= ${GOALS.seconds})\n`);
  for (const r of rows) process.stdout.write(`reproducer ${r.name}: ${r.file}\n`);
  if (median > GOALS.median || largest > GOALS.largest || slowest > GOALS.seconds) process.exitCode = 1;
}

main();
