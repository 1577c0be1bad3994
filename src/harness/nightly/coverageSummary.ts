import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { CoveragePercents, CoverageRecord } from './nightlySummary';

/** c8's per-metric record in coverage-summary.json (istanbul's json-summary reporter). */
interface MetricCounts {
  readonly total: number;
  readonly covered: number;
}

type FileSummary = Readonly<Record<keyof CoveragePercents, MetricCounts>>;

const METRICS: readonly (keyof CoveragePercents)[] = ['lines', 'statements', 'functions', 'branches'];

/** Covered / total per metric of the summary's files under `dir` (relative to `root`), as percentages; 100 when a metric has nothing to cover. */
function percentsOf(files: readonly FileSummary[]): CoveragePercents & { readonly files: number } {
  const pct = (m: keyof CoveragePercents): number => {
    const total = files.reduce((a, f) => a + f[m].total, 0);
    const covered = files.reduce((a, f) => a + f[m].covered, 0);
    return total === 0 ? 100 : Math.floor((covered / total) * 10_000) / 100;
  };
  return { lines: pct('lines'), statements: pct('statements'), functions: pct('functions'), branches: pct('branches'), files: files.length };
}

/**
 * Reads c8's `coverage-summary.json` and aggregates it per directory: for each of `dirs`
 * (repository-relative, e.g. `src/runtime`), covered / total over every file below it, so a
 * directory's percentage weighs files by size (not an average of per-file percentages).
 * Percentages are rounded down to 0.01. Directories with no files are omitted.
 */
export function readCoverageSummary(path: string, root: string, dirs: readonly string[], source = path): CoverageRecord {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, FileSummary>;
  const files = Object.entries(raw)
    .filter(([k]) => k !== 'total')
    .map(([k, v]) => ({ rel: relative(root, k).split('\\').join('/'), v }));
  for (const f of files) for (const m of METRICS) if (typeof f.v[m]?.total !== 'number') throw new Error(`${path}: ${f.rel} has no ${m} counts`);
  const directories: Record<string, CoveragePercents> = {};
  for (const dir of dirs) {
    const inDir = files.filter((f) => f.rel.startsWith(`${dir}/`)).map((f) => f.v);
    if (inDir.length === 0) continue;
    const { lines, statements, functions, branches } = percentsOf(inDir);
    directories[dir] = { lines, statements, functions, branches };
  }
  const { lines, statements, functions, branches } = percentsOf(files.map((f) => f.v));
  return { source, lines, statements, functions, branches, directories };
}
