import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yargs from 'yargs';
import { UsageError } from '../src/errors/UsageError';
import { mergeNightlySummaries } from '../src/harness/mergeReports';
import { readNightlySummary, type NightlySummary } from '../src/harness/nightly/nightlySummary';
import { writeNightlyReport } from '../src/harness/nightly/writeNightlyReport';
import { defaultInstrumentCacheDir, instrumentCacheEnv } from './instrumentCache';
import { JSFUZZ_TARGETS } from './jsfuzzTargets';
import { listFiles, minimiseNightlyCorpora, uniteCorpora } from './minimiseNightlyCorpora';

function readSummaryAt(arg: string): NightlySummary {
  const path = existsSync(arg) && statSync(arg).isDirectory() ? join(arg, 'summary.json') : arg;
  if (!existsSync(path)) throw new UsageError(`merge-reports: no summary at ${path}`);
  return readNightlySummary(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
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
  const argv = yargs(process.argv.slice(2))
    .scriptName('merge-reports')
    .usage('$0 DIR... [--out DIR] [--corpus DIR...]')
    .option('out', { type: 'string', describe: 'output directory (default reports/nightly/<date>-merged)' })
    .option('corpus', { type: 'array', string: true, describe: 'shard corpus directories to unite into reports/nightly/corpus and minimise' })
    .demandCommand(1, 'give at least one nightly report directory or summary.json')
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parseSync();
  if (argv.help) return 0;
  const merged0 = mergeNightlySummaries(argv._.map((a) => readSummaryAt(String(a))));
  const corpusRoot = join(root, 'reports/nightly/corpus');
  let merged = merged0;
  if (argv.corpus && argv.corpus.length > 0) {
    for (const d of argv.corpus) if (!existsSync(d) || !statSync(d).isDirectory()) throw new UsageError(`merge-reports: --corpus ${d} is not a directory`);
    const before = new Map(Object.keys(JSFUZZ_TARGETS).map((t) => [t, new Set(listFiles(join(corpusRoot, t)))]));
    const targets = uniteCorpora(argv.corpus, corpusRoot);
    const corpora = await minimiseNightlyCorpora({ root, corpusRoot, targets, before, env: instrumentCacheEnv(defaultInstrumentCacheDir(root)), log: (l) => process.stderr.write(`${l}\n`) });
    merged = { ...merged0, corpora };
  }
  const out = resolve(argv.out ?? join(root, 'reports/nightly', `${merged.date}-merged`));
  const written = writeNightlyReport(out, merged, dirname(out));
  const runs = merged.jobs.reduce((a, j) => a + j.runs, 0);
  process.stdout.write(`merged ${argv._.length} summaries (shards ${merged.shards.join(', ')}): ${runs} runs, ${merged.findings.length} findings\n`);
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
