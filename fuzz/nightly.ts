import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import yargs from 'yargs';
import { loadMutationScores } from '../src/harness/mutation/loadMutationScores';
import { UsageError } from '../src/errors/UsageError';
import { builtinCollectors } from '../src/runtime/collectors/builtinCollectors';
import { targetNames } from '../src/harness/targetRegistry';
import { readCoverageSummary } from '../src/harness/nightly/coverageSummary';
import { nightlyMarkdown } from '../src/harness/nightly/nightlyMarkdown';
import { NIGHTLY_SUMMARY_VERSION, type CoverageRecord, type Finding, type JobSummary, type NightlySummary } from '../src/harness/nightly/nightlySummary';
import { runPool } from '../src/harness/nightly/runPool';
import { writeNightlyReport } from '../src/harness/nightly/writeNightlyReport';
import { formatShard, NO_SHARD, parseShard } from '../src/harness/shard';
import { defaultInstrumentCacheDir, feedbackDirs, instrumentCacheEnv, warmInstrumentCache } from './instrumentCache';
import { JSFUZZ_TARGETS, type JsfuzzTargetName } from './jsfuzzTargets';
import { listFiles, minimiseNightlyCorpora } from './minimiseNightlyCorpora';
import { planNightlyJobs, secondsPerJob, type NightlyCollector, type PlannedJob } from './planNightlyJobs';
import { runC8Report } from './runC8Report';
import { runCoverageGuidedJob } from './runCoverageGuidedJob';
import { runSeededJob } from './runSeededJob';
import { runCommand } from '../src/errors/exitCodes';

const ROOT = resolve(__dirname, '../..');
const NIGHTLY_ROOT = join(ROOT, 'reports/nightly');
/** Source areas reported per directory in the summary (and plotted across nights). */
const COVERAGE_AREAS = ['src/runtime', 'src/wasm', 'src/gen', 'src/harness', 'oracles'];
/**
 * Engine sets the wasm target's jobs are crossed with (`--engines`): the interpreter on the job's
 * collector against the reference model, and against V8.
 */
const WASM_ENGINE_SETS: readonly string[] = ['model,interp', 'interp,v8'];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function commit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

/**
 * `npm run nightly -- [--time S] [--workers N] [--shard i/N] [--seed N] [--out DIR] [--no-coverage]`:
 * a time-boxed run of every seeded target x collector (x engine) with the fuzz CLI and every
 * coverage-guided jsfuzz target, `--workers` jobs at a time; then the grown corpora
 * (reports/nightly/corpus/<target>) are minimised, c8 coverage of the seeded jobs is reported, and
 * `reports/nightly/<date>/summary.json` and `index.html` are written (charts across every earlier
 * summary under reports/nightly). The base seed defaults to the date (YYYYMMDD) so a night is
 * replayable; with `--shard i/N` the seeded jobs run only that shard's runs (src/harness/shard.ts).
 * Exit 0 clean, 1 findings, 2 bad usage.
 */
async function main(): Promise<number> {
  const argv = yargs(process.argv.slice(2))
    .scriptName('nightly')
    .option('time', { type: 'number', default: 3000, describe: 'total wall-clock budget in seconds' })
    .option('workers', { type: 'number', default: availableParallelism(), describe: 'jobs run at a time' })
    .option('shard', { type: 'string', default: '1/1', describe: 'this machine\'s share i/N of the seed space' })
    .option('seed', { type: 'number', describe: 'base seed of the seeded jobs (default: the date as YYYYMMDD)' })
    .option('date', { type: 'string', describe: 'the date the report is filed under (default: today, UTC)' })
    .option('out', { type: 'string', describe: 'report directory (default reports/nightly/<date>)' })
    .option('coverage', { type: 'boolean', default: true, describe: 'collect c8 coverage of the seeded jobs (--no-coverage to skip)' })
    .option('collectors', { type: 'array', string: true, describe: 'collectors the seeded jobs cross: built-in names or module paths (default: every built-in)' })
    .option('targets', { type: 'array', string: true, describe: 'only these job ids or targets (e.g. ops cov/decoder)' })
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parseSync();
  if (argv.help) return 0;
  if (!(argv.time > 0)) throw new UsageError('--time must be a positive number of seconds');
  if (!Number.isInteger(argv.workers) || argv.workers < 1) throw new UsageError('--workers must be a positive integer');
  const shard = argv.shard === '1/1' ? NO_SHARD : parseShard(argv.shard);
  const startedAt = new Date();
  const date = argv.date ?? startedAt.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date must be YYYY-MM-DD, got ${date}`);
  const seed = argv.seed ?? Number(date.replace(/-/g, ''));
  const out = resolve(argv.out ?? join(NIGHTLY_ROOT, shard.count > 1 ? `${date}-shard${shard.index}of${shard.count}` : date));
  const corpusRoot = join(NIGHTLY_ROOT, 'corpus');
  const v8Dir = join(out, '.v8-coverage');
  rmSync(v8Dir, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const registered = targetNames();
  const collectors = (argv.collectors ?? Object.keys(builtinCollectors)).map((c): NightlyCollector => {
    if (c in builtinCollectors) return { label: c, spec: c };
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), c);
    if (!existsSync(path)) throw new UsageError(`--collectors: ${c} is neither a built-in collector (${Object.keys(builtinCollectors).join(', ')}) nor a module file`);
    return { label: basename(path).replace(/\.[cm]?js$/, ''), spec: path };
  });
  const available = (Object.keys(JSFUZZ_TARGETS) as JsfuzzTargetName[]).filter((t) => existsSync(join(ROOT, JSFUZZ_TARGETS[t].module)));
  const wanted = (j: PlannedJob): boolean => !argv.targets || argv.targets.some((t) => t === j.id || t === j.target || (j.kind === 'coverage-guided' && t === 'cov'));
  const jobs = planNightlyJobs({
    seeded: registered.map((target) => ({ target, collectors, ...(target === 'wasm' ? { engines: WASM_ENGINE_SETS } : {}) })),
    coverageGuided: available,
  }).filter(wanted);
  if (jobs.length === 0) throw new UsageError('no jobs to run (check --targets)');
  const instrumentEnv = instrumentCacheEnv(defaultInstrumentCacheDir(ROOT), feedbackDirs(ROOT));
  const covModules = jobs.filter((j) => j.kind === 'coverage-guided').map((j) => join(ROOT, JSFUZZ_TARGETS[j.target as JsfuzzTargetName].module));
  let warmSeconds = 0;
  if (covModules.length > 0) {
    // Instrument the jsfuzz targets once, before the clock of any job starts (see instrumentCache.ts).
    try {
      warmSeconds = (await warmInstrumentCache(covModules, defaultInstrumentCacheDir(ROOT))) / 1000;
      log(`==nightly== instrumentation cache warm for ${covModules.length} jsfuzz targets in ${warmSeconds.toFixed(1)} s`);
    } catch (e: unknown) {
      log(`==nightly== instrumentation warm-up failed (jobs will instrument on start): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const reserve = Math.min(180, Math.max(8, Math.round(argv.time * 0.1)));
  const perJob = secondsPerJob(argv.time - warmSeconds, argv.workers, jobs.length, reserve, 1);
  log(`#0\tINITED nightly ${date} shard ${formatShard(shard)} seed ${seed}: ${jobs.length} jobs x ${perJob} s on ${argv.workers} workers (budget ${argv.time} s)`);

  const abort = new AbortController();
  process.once('SIGINT', () => {
    log('==nightly== interrupted: stopping the running jobs');
    abort.abort();
  });
  const corporaBefore = new Map(available.map((t) => [t, new Set(listFiles(join(corpusRoot, t)))]));
  const running = new Set<string>();
  const results: { job: JobSummary; findings: Finding[] }[] = [];
  const pulse = setInterval(() => {
    const runs = results.reduce((a, r) => a + r.job.runs, 0);
    log(`#${runs}\tpulse  nightly jobs done: ${results.length}/${jobs.length} running: ${[...running].join(' ')} findings: ${results.reduce((a, r) => a + r.findings.length, 0)} time: ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s`);
  }, 30_000);
  const tasks = jobs.map((planned) => async (): Promise<{ job: JobSummary; findings: Finding[] }> => {
    running.add(planned.id);
    const r = abort.signal.aborted
      ? { job: skippedJob(planned, formatShard(shard)), findings: [] }
      : planned.kind === 'seeded'
        ? await runSeededJob({ job: planned, seed, seconds: perJob, shard, root: ROOT, outDir: out, v8CoverageDir: argv.coverage ? v8Dir : null, signal: abort.signal })
        : await runCoverageGuidedJob({ target: JSFUZZ_TARGETS[planned.target as JsfuzzTargetName], collector: 'all', seconds: perJob, shard: formatShard(shard), root: ROOT, outDir: out, corpusDir: join(corpusRoot, planned.target), env: instrumentEnv, signal: abort.signal });
    running.delete(planned.id);
    results.push(r);
    const rate = r.job.seconds > 0 ? (r.job.runs / r.job.seconds).toFixed(1) : '0';
    log(`==nightly== ${planned.id}: ${r.job.runs} runs${r.job.ops !== null ? `, ${r.job.ops} ops` : ''} in ${r.job.seconds} s (${rate}/s), ${r.findings.length} findings${r.job.error ? `; ERROR ${r.job.error}` : ''}`);
    for (const f of r.findings) log(`==nightly== FINDING [${f.oracle}] ${f.job}: ${f.message}\n==nightly==   replay: ${f.replay}`);
    return r;
  });
  let ordered: { job: JobSummary; findings: Finding[] }[];
  try {
    ordered = await runPool(tasks, argv.workers);
  } finally {
    clearInterval(pulse);
  }

  const corpora = await minimiseNightlyCorpora({
    root: ROOT,
    corpusRoot,
    targets: available.filter((name) => jobs.some((j) => j.kind === 'coverage-guided' && j.target === name)),
    before: corporaBefore,
    env: instrumentEnv,
    log,
  });

  let coverage: CoverageRecord | null = null;
  if (argv.coverage && existsSync(v8Dir)) {
    const reportDir = join(out, 'coverage');
    const err = await runC8Report(ROOT, v8Dir, reportDir, ['json-summary']);
    const summaryFile = join(reportDir, 'coverage-summary.json');
    if (err === null && existsSync(summaryFile)) coverage = readCoverageSummary(summaryFile, ROOT, COVERAGE_AREAS, relative(ROOT, summaryFile));
    else log(`==nightly== coverage: ${err ?? 'no coverage-summary.json written'}`);
    rmSync(v8Dir, { recursive: true, force: true });
  }

  const finishedAt = new Date();
  const summary: NightlySummary = {
    version: NIGHTLY_SUMMARY_VERSION,
    date,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    timeBudgetSeconds: argv.time,
    workers: argv.workers,
    shards: [formatShard(shard)],
    commit: commit(),
    node: process.version,
    jobs: ordered.map((r) => r.job),
    findings: ordered.flatMap((r) => r.findings),
    coverage,
    corpora,
    mutation: loadMutationScores(join(ROOT, 'reports/mutation/scores.json')),
  };
  const written = writeNightlyReport(out, summary, NIGHTLY_ROOT);
  for (const s of written.skipped) log(`==nightly== history: skipped ${s}`);
  const md = nightlyMarkdown(summary, relative(ROOT, written.html));
  writeFileSync(join(NIGHTLY_ROOT, 'latest.md'), `${md}\n`);
  process.stdout.write(`${md}\n\nsummary: ${relative(ROOT, written.summary)}\nreport:  ${relative(ROOT, written.html)} (charts over ${written.history + 1} nights)\n`);
  return summary.findings.length > 0 ? 1 : 0;
}

function skippedJob(planned: PlannedJob, shard: string): JobSummary {
  return { id: planned.id, kind: planned.kind, target: planned.target, collector: planned.collector, engine: planned.engine, shards: [shard], seed: null, seconds: 0, runs: 0, ops: null, findings: 0, coverage: null, error: 'not run: interrupted', samples: [] };
}

runCommand(main);
