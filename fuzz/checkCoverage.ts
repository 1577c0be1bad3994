import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readCoverageSummary } from '../src/harness/nightly/coverageSummary';
import type { CoveragePercents, CoverageRecord } from '../src/harness/nightly/nightlySummary';

/** Minimum percentages per directory, as `perDirectory` in `.c8rc.json` (the one place thresholds live). */
export type DirectoryThresholds = Readonly<Record<string, Partial<CoveragePercents>>>;

/** One metric of one directory below its threshold (or a thresholded directory with no files at all). */
export interface ThresholdFailure {
  readonly dir: string;
  readonly metric: keyof CoveragePercents | 'files';
  readonly actual: number;
  readonly required: number;
}

const METRICS: readonly (keyof CoveragePercents)[] = ['lines', 'statements', 'functions', 'branches'];

/** The thresholds in a c8 config file's `perDirectory` key (empty if absent). */
export function readDirectoryThresholds(c8rc: string): DirectoryThresholds {
  const config = JSON.parse(readFileSync(c8rc, 'utf8')) as { perDirectory?: DirectoryThresholds };
  return config.perDirectory ?? {};
}

/** Every threshold `coverage` misses; a directory with thresholds but no files fails too. */
export function checkDirectoryThresholds(coverage: CoverageRecord, thresholds: DirectoryThresholds): ThresholdFailure[] {
  const failures: ThresholdFailure[] = [];
  for (const [dir, want] of Object.entries(thresholds)) {
    const got = coverage.directories[dir];
    if (!got) {
      failures.push({ dir, metric: 'files', actual: 0, required: 1 });
      continue;
    }
    for (const m of METRICS) {
      const required = want[m];
      if (required !== undefined && got[m] < required) failures.push({ dir, metric: m, actual: got[m], required });
    }
  }
  return failures;
}

/** A Markdown table of the thresholded directories and the total (for CI job summaries). */
export function coverageTable(coverage: CoverageRecord, thresholds: DirectoryThresholds): string {
  const rows = ['| area | lines % | statements % | functions % | branches % |', '|---|---:|---:|---:|---:|'];
  const cell = (dir: string, got: CoveragePercents, m: keyof CoveragePercents): string => {
    const req = thresholds[dir]?.[m];
    return req === undefined ? `${got[m]}` : `${got[m]} (min ${req})`;
  };
  for (const [dir, got] of [...Object.entries(coverage.directories), ['all', coverage] as const]) {
    rows.push(`| ${dir} | ${METRICS.map((m) => cell(dir, got, m)).join(' | ')} |`);
  }
  return rows.join('\n');
}

/**
 * `node dist/fuzz/checkCoverage.js [summary.json] [.c8rc.json]`: checks c8's coverage summary
 * against the per-directory thresholds, prints a table (also written next to the summary as
 * `thresholds.md`) and exits 1 if any threshold is missed.
 */
function main(): void {
  const root = resolve(__dirname, '../..');
  const summary = resolve(process.argv[2] ?? join(root, 'reports/coverage/coverage-summary.json'));
  const c8rc = resolve(process.argv[3] ?? join(root, '.c8rc.json'));
  const thresholds = readDirectoryThresholds(c8rc);
  const coverage = readCoverageSummary(summary, root, Object.keys(thresholds));
  const table = coverageTable(coverage, thresholds);
  const failures = checkDirectoryThresholds(coverage, thresholds);
  const verdict = failures.length === 0
    ? 'Per-directory coverage thresholds hold.'
    : failures.map((f) => (f.metric === 'files' ? `FAIL ${f.dir}: no covered files found` : `FAIL ${f.dir} ${f.metric}: ${f.actual}% < ${f.required}%`)).join('\n');
  writeFileSync(join(dirname(summary), 'thresholds.md'), `${table}\n\n${verdict}\n`);
  process.stdout.write(`${table}\n\n${verdict}\n`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

if (require.main === module) main();
