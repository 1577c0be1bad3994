import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import yargs from 'yargs';
import { UsageError } from '../src/errors/UsageError';
import { countMutants } from '../src/harness/mutation/countMutants';
import { mutationShard } from '../src/harness/mutation/mutationShard';
import { formatMutationSummary, mutationSummary } from '../src/harness/mutation/mutationSummary';
import { DEFAULT_FUZZ_ONLY_BUDGET, fuzzOnlyCommand } from '../src/harness/mutation/fuzzOnlyCommand';
import { loadMutationScores } from '../src/harness/mutation/loadMutationScores';
import { mutateTarget } from '../src/harness/mutation/mutateTarget';
import { mergeLatestScores, mutationScores, type EquivalentMutant, type StrykerJsonReport } from '../src/harness/mutation/mutationScores';
import { formatRecordedScores, latestMeasured, mergeRecorded, readRecordedScores, recordedMeasured, recordScore, type RecordedScore } from '../src/harness/mutation/recordedScores';
import type { MutationScore } from '../src/harness/nightly/nightlySummary';
import { formatShard, parseShard } from '../src/harness/shard';
import { runCommand } from '../src/errors/exitCodes';

const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, 'reports/mutation');
/** The latest score of every file measured so far; the nightly summary's `mutation` field. */
export const MUTATION_SCORES_FILE = join(OUT, 'scores.json');
const EQUIVALENT_FILE = join(ROOT, 'mutation/equivalent-mutants.json');
/** The measurements kept in the repository (`--record`), which `--summary` reads with reports/. */
export const RECORDED_SCORES_FILE = join(ROOT, 'mutation/scores.json');

function recordedScores(): RecordedScore[] {
  return existsSync(RECORDED_SCORES_FILE) ? readRecordedScores(readFileSync(RECORDED_SCORES_FILE, 'utf8'), RECORDED_SCORES_FILE) : [];
}

/** The commit checked out here, or null outside a git checkout. */
function headCommit(): string | null {
  const r = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Every .ts file under src/runtime, sorted: the files a night's slice is cut from. */
function runtimeFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
  return walk('src/runtime').sort();
}

function readJson<T>(file: string, fallback: T): T {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : fallback;
}

/**
 * `npm run mutation`: Stryker over the given files (or shard i/N of src/runtime's files), each
 * mutant judged by the fuzzers alone (src/harness/mutation/fuzzOnlyCommand.ts). One Stryker run
 * per file, since the collector fuzzed depends on the file; Stryker's incremental mode
 * (reports/mutation/<file>/incremental.json) re-runs only mutants whose code changed.
 */
async function main(): Promise<number> {
  const argv = await yargs(process.argv.slice(2))
    .scriptName('npm run mutation --')
    .option('mutate', { type: 'array', string: true, describe: 'files to mutate (default: shard --shard of src/runtime/**/*.ts)' })
    .option('shard', { type: 'string', default: '1/1', describe: 'night i of N: src/runtime\'s files split into N slices of about equal mutant count' })
    .option('plan', { type: 'boolean', default: false, describe: 'print each file\'s mutant count and the N nights of --shard i/N, run nothing' })
    .option('summary', { type: 'boolean', default: false, describe: 'print every src/runtime file\'s latest score from reports/mutation/scores.json and the overall score, run nothing' })
    .option('rescore', { type: 'boolean', default: false, describe: 'recompute the scores of the given files from their last Stryker report (after editing the equivalent list), run nothing' })
    .option('record', { type: 'boolean', default: false, describe: 'also keep each measurement (with --rescore: each given file\'s last one) in mutation/scores.json, the committed figures --summary reads' })
    .option('commit', { type: 'string', describe: 'with --record: the commit the measurement was made on (default: this checkout\'s HEAD; `unknown` for none), for a report measured elsewhere' })
    .option('seed', { type: 'number', default: DEFAULT_FUZZ_ONLY_BUDGET.seed })
    .option('ops-runs', { type: 'number', default: DEFAULT_FUZZ_ONLY_BUDGET.opsRuns })
    .option('wasm-runs', { type: 'number', default: DEFAULT_FUZZ_ONLY_BUDGET.wasmRuns })
    .option('case-timeout', { type: 'number', default: DEFAULT_FUZZ_ONLY_BUDGET.caseTimeout, describe: 'each fuzz run\'s --case-timeout (s): raise it on a loaded machine, where a clean case can pass 10 s' })
    .option('concurrency', { type: 'number', default: 1 })
    .option('force', { type: 'boolean', default: false, describe: 'ignore earlier results (Stryker incremental mode\'s --force)' })
    .option('date', { type: 'string', default: new Date().toISOString().slice(0, 10) })
    .strict()
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parse();
  const shard = parseShard(argv.shard);
  const counts = argv.mutate && argv.mutate.length > 0 && !argv.summary ? [] : await countMutants(ROOT, runtimeFiles());
  if (argv.summary) {
    const equivalent = readJson<EquivalentMutant[]>(EQUIVALENT_FILE, []);
    const fromReports = (loadMutationScores(MUTATION_SCORES_FILE, { ranges: true }) ?? []).map((score) => {
      const file = join(OUT, mutateTarget(score.file).slug, 'mutation.json');
      return existsSync(file) ? { score, report: readJson<StrykerJsonReport>(file, { files: {} }), measuredAt: statSync(file).mtimeMs } : { score, report: null, measuredAt: null };
    });
    const measured = latestMeasured(fromReports, recordedScores().map((r) => recordedMeasured(r, equivalent)));
    const sources = new Map(counts.map((c) => [c.file, readFileSync(join(ROOT, c.file), 'utf8')]));
    process.stdout.write(formatMutationSummary(mutationSummary(counts, sources, measured, equivalent)));
    return 0;
  }
  if (argv.plan) {
    for (let i = 1; i <= shard.count; i++) {
      const night = mutationShard(counts, { index: i, count: shard.count });
      const mutants = counts.filter((c) => night.includes(c.file)).map((c) => `${c.file} ${c.mutants}`);
      process.stdout.write(`night ${i}/${shard.count}: ${counts.filter((c) => night.includes(c.file)).reduce((a, c) => a + c.mutants, 0)} mutants: ${mutants.join(', ')}\n`);
    }
    return 0;
  }
  const files = argv.mutate && argv.mutate.length > 0 ? argv.mutate.map((f) => relative(ROOT, resolve(process.env.INIT_CWD ?? process.cwd(), f))) : mutationShard(counts, shard);
  // A file may carry Stryker's line range, `file.ts:10-40`, to measure part of it.
  for (const f of files) if (!existsSync(join(ROOT, mutateTarget(f).path))) throw new UsageError(`--mutate: no file ${mutateTarget(f).path}`);
  const budget = { seed: argv.seed, opsRuns: argv['ops-runs'], wasmRuns: argv['wasm-runs'], caseTimeout: argv['case-timeout'] };
  const equivalent = readJson<EquivalentMutant[]>(EQUIVALENT_FILE, []);
  const stryker = join(ROOT, 'node_modules/.bin/stryker');
  // Read again before each write: another run in this worktree (another file or range) may have
  // written its scores since.
  const onDisk = (): MutationScore[] => loadMutationScores(MUTATION_SCORES_FILE, { ranges: true }) ?? [];
  // --record: the measurement of `key` from its kept report, into mutation/scores.json.
  const record = (key: string, date: string, seconds: number | null): void => {
    const file = join(OUT, mutateTarget(key).slug, 'mutation.json');
    if (!existsSync(file)) throw new UsageError(`--record: no Stryker report of ${key} (${relative(ROOT, file)})`);
    const entry = recordScore(readJson<StrykerJsonReport>(file, { files: {} }), key, { date, measuredAt: statSync(file).mtimeMs, commit: argv.commit === undefined ? headCommit() : argv.commit === 'unknown' ? null : argv.commit, seconds });
    writeFileSync(RECORDED_SCORES_FILE, formatRecordedScores(mergeRecorded(recordedScores(), [entry])));
    process.stdout.write(`recorded ${key} in ${relative(ROOT, RECORDED_SCORES_FILE)}\n`);
  };
  process.stderr.write(`==mutation== ${files.length} file(s) (${files.length === 0 ? 'none' : files.join(', ')}), shard ${formatShard(shard)}\n`);
  for (const file of files) {
    const target = mutateTarget(file);
    const dir = join(OUT, target.slug);
    // Stryker's report names the whole file; a range's score is kept under the range's own key.
    const scoresOf = (date: string): MutationScore[] =>
      mutationScores(readJson<StrykerJsonReport>(join(dir, 'mutation.json'), { files: {} }), equivalent, date).map((m) => (m.file === target.path ? { ...m, file: target.key } : m));
    if (argv.rescore) {
      const before = onDisk().find((m) => m.file === target.key);
      const fresh = scoresOf(before?.date ?? argv.date);
      const latest = mergeLatestScores(onDisk(), fresh.map((m) => (before?.seconds === undefined ? m : { ...m, seconds: before.seconds })));
      writeFileSync(MUTATION_SCORES_FILE, `${JSON.stringify(latest, null, 2)}\n`);
      for (const m of fresh) process.stdout.write(`${m.file}: score ${m.score ?? '-'}% (${m.scoreWithoutEquivalent ?? '-'}% without equivalents), killed ${m.killed}, timeout ${m.timeout}, survived ${m.survived} (rescored)\n`);
      if (argv.record) record(target.key, before?.date ?? argv.date, before?.seconds ?? null);
      continue;
    }
    mkdirSync(join(dir, 'kills'), { recursive: true });
    const config = {
      $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
      mutate: [file],
      testRunner: 'command',
      commandRunner: { command: fuzzOnlyCommand(process.execPath, target.path, budget, join(dir, 'findings'), join(dir, 'kills')) },
      buildCommand: `${process.execPath} ${join(ROOT, 'node_modules/typescript/bin/tsc')} -p tsconfig.json`,
      concurrency: argv.concurrency,
      incremental: true,
      force: argv.force,
      incrementalFile: relative(ROOT, join(dir, 'incremental.json')),
      reporters: ['json', 'clear-text', 'progress-append-only'],
      jsonReporter: { fileName: relative(ROOT, join(dir, 'mutation.json')) },
      // Other runs' temp dirs too: two runs (other files or ranges) may go side by side.
      ignorePatterns: ['dist', 'reports', 'tests', 'docs', 'coverage', '.github', 'corpus/regressions', '.stryker-tmp*'],
      // Stryker rewrites tsconfig.json's extends/references through the TypeScript 5 API, which
      // TypeScript 7 lacks; this tsconfig has neither, so point that step at no file.
      tsconfigFile: 'tsconfig.stryker-unused.json',
      tempDirName: target.tempDir,
      cleanTempDir: 'always',
      // A hang is the fuzzers' own finding (--case-timeout per case, a killed mutant). Stryker's
      // timeout (dry run x 1.5 + this) only backs that up: at 30 s a survivor's whole budget ran
      // past it on the loaded 2-core machine and counted as detected (3 of heapMemory's first 40).
      timeoutMS: 300_000,
      // The dry run (the fuzz budget on the clean build) took over Stryker's default 5 minutes on
      // the shared machine while other jobs were paused and resumed, failing the whole run.
      dryRunTimeoutMinutes: 30,
    };
    const configFile = join(dir, 'stryker.config.json');
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    const started = Date.now();
    const r = spawnSync(process.execPath, [stryker, 'run', configFile], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) {
      process.stderr.write(`==mutation== stryker failed on ${file} (exit ${r.status})\n`);
      return 3;
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const fresh = scoresOf(argv.date).map((m) => ({ ...m, seconds }));
    const latest = mergeLatestScores(onDisk(), fresh);
    writeFileSync(MUTATION_SCORES_FILE, `${JSON.stringify(latest, null, 2)}\n`);
    if (argv.record) record(target.key, argv.date, seconds);
    for (const m of fresh) {
      process.stdout.write(`${m.file}: score ${m.score ?? '-'}% (${m.scoreWithoutEquivalent ?? '-'}% without equivalents), killed ${m.killed}, timeout ${m.timeout}, survived ${m.survived}, no coverage ${m.noCoverage}, ${seconds} s\n`);
      for (const s of m.survivors ?? []) process.stdout.write(`  survived L${s.line} ${s.mutator}: ${JSON.stringify(s.original)} -> ${JSON.stringify(s.replacement)}${s.equivalent ? ` (equivalent: ${s.equivalent})` : ''}\n`);
    }
  }
  process.stdout.write(`scores: ${relative(ROOT, MUTATION_SCORES_FILE)}\n`);
  return 0;
}

runCommand(main);
