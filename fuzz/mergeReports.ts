import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yargs from 'yargs';
import { UsageError } from '../src/errors/UsageError';
import { mergeNightlySummaries } from '../src/harness/mergeReports';
import { readNightlySummary, type NightlySummary } from '../src/harness/nightly/nightlySummary';
import { writeNightlyReport } from '../src/harness/nightly/writeNightlyReport';

function readSummaryAt(arg: string): NightlySummary {
  const path = existsSync(arg) && statSync(arg).isDirectory() ? join(arg, 'summary.json') : arg;
  if (!existsSync(path)) throw new UsageError(`merge-reports: no summary at ${path}`);
  return readNightlySummary(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}

/**
 * `npm run merge-reports -- DIR... [--out DIR]`: combines the nightly summaries of shards
 * (each DIR holds a summary.json, or is one) into one summary and HTML report, by default in
 * `reports/nightly/<date>-merged/`. Exit 0 on success, 2 on bad usage or an unreadable summary.
 */
function main(): void {
  const root = resolve(__dirname, '../..');
  const help = process.argv.slice(2).some((a) => a === '--help' || a === '-h');
  const argv = yargs(process.argv.slice(2))
    .scriptName('merge-reports')
    .usage('$0 DIR... [--out DIR]')
    .option('out', { type: 'string', describe: 'output directory (default reports/nightly/<date>-merged)' })
    .demandCommand(1, 'give at least one nightly report directory or summary.json')
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      if (help) return; // yargs has printed the help; --help is not a usage error
      throw err ?? new UsageError(msg);
    })
    .parseSync();
  if (help) return;
  const merged = mergeNightlySummaries(argv._.map((a) => readSummaryAt(String(a))));
  const out = resolve(argv.out ?? join(root, 'reports/nightly', `${merged.date}-merged`));
  const written = writeNightlyReport(out, merged, dirname(out));
  const runs = merged.jobs.reduce((a, j) => a + j.runs, 0);
  process.stdout.write(`merged ${argv._.length} summaries (shards ${merged.shards.join(', ')}): ${runs} runs, ${merged.findings.length} findings\n`);
  process.stdout.write(`summary: ${written.summary}\nreport:  ${written.html}\n`);
}

try {
  main();
} catch (e: unknown) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
