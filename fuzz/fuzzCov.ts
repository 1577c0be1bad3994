import { existsSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import yargs from 'yargs';
import { UsageError } from '../src/errors/UsageError';
import { coverageByArea } from './istanbulCoverage';
import { CASE_BYTES_ENV } from './fuzzEntry';
import { COLLECTORS_ENV, JSFUZZ_TARGETS, type JsfuzzTargetName } from './jsfuzzTargets';
import { writeCrashReproducer } from './writeCrashReproducer';
import { resolveCollectors } from '../src/harness/resolveCollectors';
import { replayJsfuzzInput } from './replayJsfuzzInput';
import { prepareOutDir } from '../src/harness/findingStore';
import { shownPath, userPath } from '../src/harness/userCwd';
import { runJsfuzz } from './runJsfuzz';
import { defaultInstrumentCacheDir, feedbackDirs, instrumentCacheEnv } from './instrumentCache';
import { libFuzzerArgs } from './libFuzzerArgs';
import { runCommand } from '../src/errors/exitCodes';

const ROOT = resolve(__dirname, '../..');

/**
 * `npm run fuzz:cov -- --target ops|wasm|decoder [CORPUS_DIR...] [--time S | -max_total_time=S] [-runs=N] [--collector C] [--out DIR] [--input-timeout S] [--keep-going] [--json]`:
 * coverage-guided fuzzing with jsfuzz for S seconds (or N execs), seeded from the target's checked-in corpus and
 * growing the first corpus directory (`--corpus`, or the first positional one as in libFuzzer;
 * default `reports/fuzz-cov/corpus/<target>`); further ones are read only. Each exec runs one
 * collector (fuzz/fuzzEntry.ts). jsfuzz's status lines go to stderr; crashes become reproducers in
 * `--out` (default `reports/crashes/`) with their replay command, the raw case bytes beside each as
 * `crash-<sha1>`. istanbul's instrumentation is cached (fuzz/instrumentCache.ts), so only the first
 * run after a change pays for it. `--replay FILE` runs one saved input through the target instead.
 * Exit 0 clean, 1 crash found, 2 bad usage, 3 jsfuzz itself failed (could not start, hung, died).
 */
async function main(): Promise<number> {
  const argv = yargs(libFuzzerArgs(process.argv.slice(2)))
    .scriptName('fuzz:cov')
    .option('target', { choices: ['ops', 'wasm', 'decoder'] as const, demandOption: true, describe: 'fuzz/ target' })
    .usage('$0 --target T [CORPUS_DIR...] [options]')
    .option('time', { type: 'number', default: 60, alias: 'max-total-time', describe: 'seconds to fuzz (libFuzzer: -max_total_time=S)' })
    .option('runs', { type: 'number', describe: 'stop after about N execs (libFuzzer: -runs=N; checked at jsfuzz\'s status lines, which come every few seconds)' })
    .option('case-bytes', { type: 'number', describe: 'ops/wasm: bytes of an input that become the case (default ops 512, wasm 256; fewer are cheaper execs)' })
    .option('collector', { type: 'string', default: 'all', describe: 'collectors the ops/wasm targets run: null|drc|copying|all|PATH' })
    .option('corpus', { type: 'string', describe: 'corpus directory to grow (default reports/fuzz-cov/corpus/<target>)' })
    .option('out', { type: 'string', default: join(ROOT, 'reports/crashes'), describe: 'directory for reproducers' })
    .option('input-timeout', { type: 'number', default: 30, describe: 'seconds one input may run before jsfuzz calls it a hang (a timeout reproducer)' })
    .option('keep-going', { type: 'boolean', default: false, describe: 'restart jsfuzz after a crash until the time is up (at most 5 crashes)' })
    .option('json', { type: 'boolean', default: false, describe: 'print a JSON summary as the last stdout line' })
    .option('replay', { type: 'string', describe: 'run one input (a jsfuzz crash-* file or a reproducer with "input") through the target and exit' })
    .strictOptions()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parseSync();
  if (argv.help) return 0;
  if (!(argv.time > 0)) throw new UsageError('--time must be a positive number of seconds');
  if (argv.runs !== undefined && !(Number.isInteger(argv.runs) && argv.runs > 0)) throw new UsageError('--runs must be a positive whole number of execs');
  if (!(argv['input-timeout'] > 0)) throw new UsageError('--input-timeout must be a positive number of seconds');
  const caseBytes = argv['case-bytes'];
  if (caseBytes !== undefined && !(Number.isInteger(caseBytes) && caseBytes > 0)) throw new UsageError('--case-bytes must be a positive whole number of bytes');
  // Set here too: a crash's reproducer is written in this process from the same case bytes (writeCrashReproducer).
  if (caseBytes !== undefined) process.env[CASE_BYTES_ENV] = String(caseBytes);
  const target = JSFUZZ_TARGETS[argv.target as JsfuzzTargetName];
  if (target.name === 'wasm' && Number(process.versions.node.split('.')[0]) < 22) {
    throw new UsageError(`the wasm target needs Node 22 for Wasm GC in V8 (this is ${process.version}): run it through npm run, which uses the node devDependency`);
  }
  const module = join(ROOT, target.module);
  if (!existsSync(module)) throw new UsageError(`${target.module} is missing: run \`npm run build\` (or the target has not landed yet)`);
  // Relative paths are the user's, also under `npm run fuzz:cov` (INIT_CWD, see userCwd.ts).
  if (argv.replay !== undefined) return replayJsfuzzInput(userPath(argv.replay), target.name, argv.collector === 'all' ? null : argv.collector);
  const positional = argv._.map(String);
  if (argv.corpus !== undefined && positional.length > 0) throw new UsageError('give the corpus directory either as --corpus or as an argument, not both');
  const corpusDirs = (argv.corpus !== undefined ? [argv.corpus] : positional).map((d) => userPath(d));
  for (const d of corpusDirs.slice(1)) if (!existsSync(d)) throw new UsageError(`corpus directory ${d} does not exist`);
  const corpus = corpusDirs[0] ?? join(ROOT, 'reports/fuzz-cov/corpus', target.name);
  const outDir = prepareOutDir(userPath(argv.out));
  // Resolved here: a bad --collector is a usage error before jsfuzz starts, and a module path is
  // made absolute, since jsfuzz's worker runs in another directory.
  const selection = target.usesCollectors ? resolveCollectors(argv.collector.includes('/') ? userPath(argv.collector) : argv.collector) : null;
  const collector = selection === null ? argv.collector : (Object.values(selection.paths)[0] ?? argv.collector);
  const env: Record<string, string> = { ...instrumentCacheEnv(defaultInstrumentCacheDir(ROOT), feedbackDirs(ROOT)), ...(target.usesCollectors ? { [COLLECTORS_ENV]: collector } : {}), ...(caseBytes !== undefined ? { [CASE_BYTES_ENV]: String(caseBytes) } : {}) };
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.stderr.write(`fuzz:cov ${target.name}: jsfuzz on ${target.module} for ${argv.time} s, seeds ${target.seeds}, corpus ${relative(ROOT, corpus) || corpus}\n`);
  const result = await runJsfuzz({
    target: module,
    corpusDirs: [corpus, ...corpusDirs.slice(1), join(ROOT, target.seeds)],
    seconds: argv.time,
    ...(argv.runs !== undefined ? { maxRuns: argv.runs } : {}),
    workDir: join(ROOT, 'reports/fuzz-cov', target.name),
    env,
    keepGoing: argv['keep-going'],
    inputTimeoutSeconds: argv['input-timeout'],
    signal: abort.signal,
    onStatus: (s, t) => process.stderr.write(`#${s.execs} ${s.kind} cov: ${s.coverage} corp: ${s.corpus} exec/s: ${s.execsPerSecond} t: ${t}s\n`),
  });
  const reproducers = result.crashes.map((c) => {
    const r = writeCrashReproducer(target.name, collector, c, outDir);
    // The reproducer carries the input: jsfuzz's own crash-<sha256> copy would only be left behind.
    if (r.path !== '-') rmSync(c.file, { force: true });
    return r;
  });
  const execsPerSecond = result.seconds > 0 ? result.execs / result.seconds : 0;
  const out = process.stdout;
  out.write(`fuzz:cov ${target.name}: ${result.execs} execs in ${result.seconds.toFixed(1)} s = ${execsPerSecond.toFixed(0)} execs/s; coverage counter ${result.coverage}; corpus ${result.corpus} inputs\n`);
  for (const a of coverageByArea(result.istanbul, ROOT)) {
    const pct = (h: { hit: number; total: number }): string => (h.total === 0 ? '100' : ((h.hit / h.total) * 100).toFixed(1));
    out.write(`  ${a.area.padEnd(14)} ${String(a.files).padStart(3)} files  statements ${a.statements.hit}/${a.statements.total} (${pct(a.statements)}%)  branches ${a.branches.hit}/${a.branches.total} (${pct(a.branches)}%)\n`);
  }
  if (result.error) out.write(`jsfuzz ended abnormally: ${result.error}\n`);
  for (const r of reproducers) {
    out.write(`crash (${r.oracle}): ${r.message.split('\n')[0]}\n  reproducer: ${shownPath(r.path)}\n${r.fallback !== null ? `  note:       ${r.fallback}\n` : ''}  replay:     ${r.replay}\n`);
    if (r.raw !== null) out.write(`  raw input:  ${shownPath(r.raw)} (replay: ${r.rawReplay})\n`);
  }
  if (argv.json) {
    out.write(`${JSON.stringify({ target: target.name, execs: result.execs, seconds: result.seconds, execsPerSecond, coverage: result.coverage, corpus: result.corpus, crashes: reproducers.map((r) => ({ reproducer: shownPath(r.path), replay: r.replay, oracle: r.oracle, raw: r.raw === null ? null : shownPath(r.raw) })), error: result.error })}\n`);
  }
  return reproducers.length > 0 ? 1 : result.error ? 3 : 0;
}

runCommand(main);
