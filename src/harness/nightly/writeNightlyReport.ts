import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadNightlyHistory } from './loadNightlyHistory';
import type { NightlySummary } from './nightlySummary';
import { renderNightlyReport } from './renderNightlyReport';

/** What `writeNightlyReport` wrote and which earlier summaries it plotted. */
export interface WrittenReport {
  readonly summary: string;
  readonly html: string;
  /** Earlier summaries plotted across nights. */
  readonly history: number;
  /** Summaries under the history root that could not be read, with the reason. */
  readonly skipped: readonly string[];
}

/**
 * Writes `<dir>/summary.json` and `<dir>/index.html`; the HTML's charts across nights use every
 * other summary one level below `historyRoot` (normally `reports/nightly`).
 */
export function writeNightlyReport(dir: string, summary: NightlySummary, historyRoot: string): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const summaryPath = join(dir, 'summary.json');
  const { entries, skipped } = loadNightlyHistory(historyRoot);
  const history = entries.filter((e) => resolve(e.path) !== resolve(summaryPath)).map((e) => e.summary);
  writeFileSync(summaryPath, `${JSON.stringify(summary, null, 1)}\n`);
  const html = join(dir, 'index.html');
  writeFileSync(html, renderNightlyReport(summary, history));
  return { summary: summaryPath, html, history: history.length, skipped: skipped.map((s) => `${s.path}: ${s.reason}`) };
}
