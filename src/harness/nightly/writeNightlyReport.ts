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

/** Whether a summary covers its whole seed space: unsharded, or shards 1/N..N/N merged. */
function isWholeNight(s: NightlySummary): boolean {
  const n = Number(s.shards[0]?.split('/')[1] ?? 1);
  return s.shards.length === n && new Set(s.shards).size === n;
}

/**
 * The earlier nights to plot beside `current`: whole nights only (a lone shard would show as a
 * dip), one per date (the one that finished last), and none on `current`'s own date.
 */
export function historyNights(entries: readonly NightlySummary[], current: NightlySummary): NightlySummary[] {
  const byDate = new Map<string, NightlySummary>();
  for (const s of entries) if (s.date !== current.date && isWholeNight(s)) byDate.set(s.date, s);
  return [...byDate.values()];
}

/**
 * Writes `<dir>/summary.json` and `<dir>/index.html`; the HTML's charts across nights use every
 * earlier night found one level below `historyRoot` (normally `reports/nightly`; see historyNights).
 */
export function writeNightlyReport(dir: string, summary: NightlySummary, historyRoot: string): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const summaryPath = join(dir, 'summary.json');
  const { entries, skipped } = loadNightlyHistory(historyRoot);
  const history = historyNights(entries.filter((e) => resolve(e.path) !== resolve(summaryPath)).map((e) => e.summary), summary);
  writeFileSync(summaryPath, `${JSON.stringify(summary, null, 1)}\n`);
  const html = join(dir, 'index.html');
  writeFileSync(html, renderNightlyReport(summary, history));
  return { summary: summaryPath, html, history: history.length, skipped: skipped.map((s) => `${s.path}: ${s.reason}`) };
}
