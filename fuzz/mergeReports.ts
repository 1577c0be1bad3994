import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import yargs from 'yargs';
import { UsageError } from '../src/errors/UsageError';
import { mergeNightlySummaries } from '../src/harness/mergeReports';
import { loadMutationScores } from '../src/harness/mutation/loadMutationScores';
import { readNightlySummary, type NightlySummary } from '../src/harness/nightly/nightlySummary';
import { groupFindings } from '../src/harness/nightly/groupFindings';
import { nightlyMarkdown } from '../src/harness/nightly/nightlyMarkdown';
import { writeNightlyReport } from '../src/harness/nightly/writeNightlyReport';
import { defaultInstrumentCacheDir, feedbackDirs, instrumentCacheEnv } from './instrumentCache';
import { JSFUZZ_TARGETS } from './jsfuzzTargets';
import { listFiles, minimiseNightlyCorpora, uniteCorpora } from './minimiseNightlyCorpora';

function readSummaryAt(arg: string): { summary: NightlySummary; dir: string } {
  const path = existsSync(arg) && statSync(arg).isDirectory() ? join(arg, 'summary.json') : arg;
  if (!existsSync(path)) throw new UsageError(`merge-reports: no summary at ${path}`);
  return { summary: readNightlySummary(JSON.parse(readFileSync(path, 'utf8')) as unknown, path), dir: dirname(resolve(path)) };
}

/**
 * Copies each finding's reproducer into `<out>/crashes/` (prefixed by its shard, so names never
 * collide) and points the finding and its replay command there, so the merged report's directory
 * is self-contained. A shard's reproducer paths are relative to the repository root of the machine
 * that ran it (`reports/nightly/<shard dir>/crashes/x.json`); on the merging machine the shard
 * directory may sit elsewhere (a downloaded artifact), so the path is also tried below `dir`.
 * A reproducer found nowhere keeps its original path and is logged.
 */
function relocateReproducers(summary: NightlySummary, dir: string, root: string, out: string, log: (l: string) => void): NightlySummary {
  const findings = summary.findings.map((f) => {
    const parts = f.reproducer.split(/[\\/]/);
    const at = parts.lastIndexOf(basename(dir));
    const candidates = [resolve(root, f.reproducer), ...(at >= 0 ? [join(dir, ...parts.slice(at + 1))] : [])];
    const from = candidates.find((c) => existsSync(c));
    if (from === undefined) {
      log(`merge-reports: reproducer ${f.reproducer} of ${f.job} (shard ${f.shard}) not found; its replay command is left as the shard wrote it`);
      return f;
    }
    const to = join(out, 'crashes', `shard${f.shard.replace('/', 'of')}-${basename(from)}`);
    mkdirSync(dirname(to), { recursive: true });
    if (resolve(from) !== resolve(to)) copyFileSync(from, to);
    const rel = relative(root, to).split(sep).join('/');
    return { ...f, reproducer: rel, replay: `npm run replay -- ${rel}` };
  });
  return { ...summary, findings };
}

/**
 * `npm run merge-reports -- DIR... [--out DIR] [--corpus DIR...]`: combines the nightly summaries
 * of shards (each DIR holds a summary.json, or is one) into one summary and HTML report, by default
 * in `reports/nightly/<date>-merged/`. `--corpus` directories (each shard's grown corpus, with a
 * subdirectory per jsfuzz target) are united into reports/nightly/corpus and minimised there.
 * Exit 0 clean, 1 findings, 2 on bad usage or an unreadable summary.
 */
async function main(): Promise<number> {
  const root = resolve(__dirname, '../..');
  const help = process.argv.slice(2).some((a) => a === '--help' || a === '-h');
  const argv = yargs(process.argv.slice(2))
    .scriptName('merge-reports')
    .usage('$0 DIR... [--out DIR] [--corpus DIR...]')
    .option('out', { type: 'string', describe: 'output directory (default reports/nightly/<date>-merged)' })
    .option('mutation', { type: 'string', describe: 'mutation scores file (npm run mutation\'s reports/mutation/scores.json) for the report\'s mutation table' })
    .option('corpus', { type: 'array', string: true, describe: 'shard corpus directories to unite into reports/nightly/corpus and minimise' })
    .demandCommand(1, 'give at least one nightly report directory or summary.json')
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      if (help) return; // yargs has printed the help; --help is not a usage error
      throw err ?? new UsageError(msg);
    })
    .parseSync();
  if (argv.help) return 0;
  const log = (l: string): void => {
    process.stderr.write(`${l}\n`);
  };
  const read = argv._.map((a) => readSummaryAt(String(a)));
  const out0 = argv.out ? resolve(argv.out) : null;
  const provisional = mergeNightlySummaries(read.map((r) => r.summary));
  const out = out0 ?? join(root, 'reports/nightly', `${provisional.date}-merged`);
  const merged0 = mergeNightlySummaries(read.map((r) => relocateReproducers(r.summary, r.dir, root, out, log)));
  const corpusRoot = join(root, 'reports/nightly/corpus');
  let merged = merged0;
  if (argv.mutation) {
    const scores = loadMutationScores(resolve(argv.mutation));
    if (scores === null) throw new UsageError(`merge-reports: --mutation ${argv.mutation} does not exist`);
    merged = { ...merged, mutation: scores };
  }
  if (argv.corpus && argv.corpus.length > 0) {
    for (const d of argv.corpus) if (!existsSync(d) || !statSync(d).isDirectory()) throw new UsageError(`merge-reports: --corpus ${d} is not a directory`);
    const before = new Map(Object.keys(JSFUZZ_TARGETS).map((t) => [t, new Set(listFiles(join(corpusRoot, t)))]));
    const targets = uniteCorpora(argv.corpus, corpusRoot);
    const corpora = await minimiseNightlyCorpora({ root, corpusRoot, targets, before, env: instrumentCacheEnv(defaultInstrumentCacheDir(root), feedbackDirs(root)), log });
    merged = { ...merged, corpora };
  }
  const written = writeNightlyReport(out, merged, dirname(out));
  const runs = merged.jobs.reduce((a, j) => a + j.runs, 0);
  const md = nightlyMarkdown(merged, relative(root, written.html));
  writeFileSync(join(dirname(out), 'latest.md'), `${md}\n`);
  process.stdout.write(`${md}\n\n`);
  process.stdout.write(`merged ${argv._.length} summaries (shards ${merged.shards.join(', ')}): ${runs} runs, ${merged.findings.length} findings in ${groupFindings(merged.findings).length} groups\n`);
  process.stdout.write(`summary: ${written.summary}\nreport:  ${written.html}\n`);
  return merged.findings.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
