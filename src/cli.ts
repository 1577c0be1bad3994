import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UsageError } from './errors/UsageError';
import { EXIT, exitCodeForError } from './errors/exitCodes';
import { runFuzz } from './harness/runFuzz';
import { replayWithTimeout } from './harness/replayWithTimeout';
import { targetNames } from './harness/targetRegistry';
import { parseShard } from './harness/shard';
import { userPath } from './harness/userCwd';
import type { FuzzSessionConfig } from './harness/fuzzSession';

/** How long one case may run before the watchdog calls it a hang (cases take milliseconds; wasm ones are fuel-bounded). */
const DEFAULT_CASE_TIMEOUT_SECONDS = 30;

/**
 * The gcfuzz command line.
 *
 *   gcfuzz fuzz --seed N [--target ops] [--collector null|drc|copying|all|PATH] [--runs N] [--time S]
 *               [--workers N] [--shard i/N] [--zeal N] [--incremental-zeal N] [--case-timeout S] [--out DIR] [--json]
 *   gcfuzz replay FILE [--collector NAME|PATH] [--target T] [--case-timeout S]
 *
 * Exit codes (errors/exitCodes.ts): 0 clean / fixed, 1 a finding / still failing, 2 bad usage, a
 * corrupt reproducer or an unusable --out (message on stderr, before any work), 3 an internal
 * error of the harness, 130 interrupted (SIGINT/SIGTERM) with no finding. With --json the last
 * stdout line of `fuzz` is the JSON summary. Without --runs or --time, 1000 runs; with both,
 * whichever ends first. Relative paths are read against the directory the user typed the command
 * in, also under `npm run` (userCwd.ts).
 */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv as string[])
    .scriptName('gcfuzz')
    .command(
      'fuzz',
      'run seeded cases through every oracle',
      (y) =>
        y
          .option('seed', { type: 'number', default: 1, describe: 'base seed (same seed + flags = same cases and verdict)' })
          .option('target', { type: 'string', default: 'ops', describe: `fuzz target: ${targetNames().join(', ')}` })
          .option('collector', { type: 'string', default: 'all', describe: 'null, drc, copying, all, or a path to a collector module' })
          .option('runs', { type: 'number', describe: 'number of cases (default 1000 unless --time)' })
          .option('time', { type: 'number', describe: 'wall-clock limit in seconds' })
          .option('workers', { type: 'number', default: 1, describe: 'worker threads, each on its own runs' })
          .option('shard', { type: 'string', default: '1/1', describe: 'run only shard i of N of the seed space (global runs g with g mod N = i-1); --runs counts this shard\'s runs' })
          .option('zeal', { type: 'number', describe: 'collect every N allocations (gc_zeal)' })
          .option('incremental-zeal', { type: 'number', describe: 'incremental collector: a slice every N allocations or barrier calls, marking open between ops (0: off; default 2)' })
          .option('engines', { type: 'string', describe: 'wasm target: engines to compare, comma-separated (interp,model,v8)' })
          .option('case-timeout', { type: 'number', default: DEFAULT_CASE_TIMEOUT_SECONDS, describe: 'seconds one case may run before it is a timeout finding (0: no watchdog)' })
          .option('out', { type: 'string', default: 'reports/crashes', describe: 'directory for reproducers' })
          .option('json', { type: 'boolean', default: false, describe: 'print a JSON summary as the last stdout line' })
          .option('minimise-runs', { type: 'number', default: 2000, hidden: true }),
      async (a) => {
        const cfg = sessionConfig(a);
        const summary = await runFuzz(cfg);
        for (const f of summary.findings) {
          process.stdout.write(`finding: [${f.oracle}] ${f.collector} run ${f.run}: ${f.message}\n`);
          if (f.fallback !== null) process.stdout.write(`note: ${f.fallback}; the reproducer is at ${f.reproducer}\n`);
          process.stdout.write(`replay: ${f.replay}\n`);
        }
        if (summary.interrupted) process.stdout.write('interrupted\n');
        if (a.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else process.stdout.write(`${summary.runs} runs, ${summary.ops} ops, ${summary.opsPerSecond} ops/s, ${summary.findings.length} findings\n`);
        exitCode = summary.exitCode;
      },
    )
    .command(
      'replay <file>',
      're-run a reproducer, a jsfuzz crash record or a raw jsfuzz input (exit 1 while it fails, 0 once fixed, 2 if corrupt or not valid as written)',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .option('collector', { type: 'string', describe: 'replace the collector the failure was seen on: a built-in name or a path to a collector module (e.g. a fixed copy)' })
          .option('target', { type: 'string', describe: `target of a raw input: ${targetNames().join(', ')} (default: the directory it lies in)` })
          .option('case-timeout', { type: 'number', default: DEFAULT_CASE_TIMEOUT_SECONDS, describe: 'seconds the case may run before it counts as still hanging' }),
      async (a) => {
        if (!(Number.isFinite(a['case-timeout']) && a['case-timeout'] > 0)) throw new UsageError(`--case-timeout must be a positive number of seconds, got ${String(a['case-timeout'])}`);
        const overrides = { ...(a.collector !== undefined ? { collector: collectorArg(a.collector) } : {}), ...(a.target !== undefined ? { target: a.target } : {}) };
        const r = await replayWithTimeout(userPath(a.file), a['case-timeout'], overrides);
        if (r.kind === 'fixed') {
          process.stdout.write(`fixed: ${r.target} case (${r.size} ${r.target === 'ops' ? 'ops' : 'units'}) passes every oracle on ${r.collectors.join(', ')} (was: ${r.recorded})\n`);
          exitCode = EXIT.clean;
        } else if (r.kind === 'timeout') {
          process.stdout.write(`still failing: [timeout] the case did not finish within ${r.seconds} s\n`);
          exitCode = EXIT.finding;
        } else if (r.kind === 'input') {
          if (r.failure === null) process.stdout.write(`passes: the ${r.target} target accepts the ${r.bytes}-byte input\n`);
          else process.stdout.write(`still failing (${r.target} target, ${r.bytes} bytes): ${r.failure}\n`);
          exitCode = r.failure === null ? EXIT.clean : EXIT.finding;
        } else {
          process.stdout.write(`still failing: ${r.message}\n`);
          if (r.oracle !== r.recordedOracle) process.stdout.write(`(recorded as: ${r.recorded})\n`);
          exitCode = EXIT.finding;
        }
      },
    )
    .demandCommand(1, 'name a command: fuzz or replay')
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      if (err !== undefined && err !== null) throw err;
      throw new UsageError(msg);
    });
  await parser.parseAsync();
  return exitCode;
}

interface FuzzArgs {
  seed: number;
  target: string;
  collector: string;
  runs?: number | undefined;
  time?: number | undefined;
  workers: number;
  shard: string;
  zeal?: number | undefined;
  'incremental-zeal'?: number | undefined;
  engines?: string | undefined;
  out: string;
  'case-timeout': number;
  'minimise-runs': number;
}

function sessionConfig(a: FuzzArgs): FuzzSessionConfig {
  const int = (name: string, v: number | undefined, min: number, max = 0xffffffff): number | undefined => {
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got ${String(v)}`);
    return v;
  };
  const seed = int('seed', a.seed, 0)!;
  const runs = int('runs', a.runs, 0, 2 ** 31 - 2);
  const workers = int('workers', a.workers, 1, 256)!;
  const zeal = int('zeal', a.zeal, 0, 1 << 20);
  if (a.time !== undefined && !(Number.isFinite(a.time) && a.time > 0)) throw new UsageError(`--time must be a positive number of seconds, got ${String(a.time)}`);
  if (!(Number.isFinite(a['case-timeout']) && a['case-timeout'] >= 0)) throw new UsageError(`--case-timeout must be a number of seconds >= 0, got ${String(a['case-timeout'])}`);
  if (a.target === '') throw new UsageError('--target must not be empty');
  return {
    target: a.target,
    collector: withIncrementalZeal(collectorArg(a.collector), int('incremental-zeal', a['incremental-zeal'], 0, 1 << 20)),
    seed,
    runs: runs ?? (a.time === undefined ? 1000 : null),
    timeSeconds: a.time ?? null,
    workers,
    shard: parseShard(a.shard),
    targetOptions: { ...(zeal !== undefined ? { gcEveryNAllocs: zeal } : {}), ...(a.engines !== undefined ? { engines: a.engines.split(',') } : {}) },
    caseTimeoutSeconds: a['case-timeout'] === 0 ? null : a['case-timeout'],
    outDir: userPath(a.out),
    minimise: { maxRuns: int('minimise-runs', a['minimise-runs'], 0)!, maxMs: 120_000 },
  };
}

/** `--collector`: 'all' and built-in names as given, a module path made absolute against the user's directory. */
function collectorArg(spec: string): string {
  const looksLikePath = spec.includes('/') || spec.includes('\\') || /\.(c?js|mjs)$/.test(spec);
  return looksLikePath ? userPath(spec) : spec;
}

/**
 * `--incremental-zeal N` selects the zeal variant `incremental:N` of the built-in incremental
 * collector, or `PATH:N` of a collector module whose mutator runs between increments (both
 * recorded in reproducers).
 */
function withIncrementalZeal(collector: string, n: number | undefined): string {
  if (n === undefined) return collector;
  if (collector !== 'incremental' && collector !== 'all' && !/\.(c?js|mjs)$/.test(collector)) throw new UsageError('--incremental-zeal applies to --collector incremental, all or a collector module');
  return `${collector}:${n}`;
}

if (require.main === module) {
  main(hideBin(process.argv)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const code = exitCodeForError(e);
      if (code === EXIT.usage) process.stderr.write(`gcfuzz: ${(e as Error).message}\n`);
      else process.stderr.write(`gcfuzz: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = code;
    },
  );
}
