import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readNightlySummary, type NightlySummary } from './nightlySummary';

/** A summary found under the history root, with the file it came from. */
export interface HistoryEntry {
  readonly path: string;
  readonly summary: NightlySummary;
}

/** A summary that could not be read, with the reason (history is best effort). */
export interface SkippedSummary {
  readonly path: string;
  readonly reason: string;
}

/**
 * Every readable `<root>/<dir>/summary.json` (one level deep), sorted by date then finish time.
 * Unreadable or malformed summaries are returned in `skipped`, never thrown; a missing root is empty.
 */
export function loadNightlyHistory(root: string): { entries: HistoryEntry[]; skipped: SkippedSummary[] } {
  const entries: HistoryEntry[] = [];
  const skipped: SkippedSummary[] = [];
  if (!existsSync(root)) return { entries, skipped };
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name, 'summary.json');
    if (!statSync(join(root, name)).isDirectory() || !existsSync(path)) continue;
    try {
      entries.push({ path, summary: readNightlySummary(JSON.parse(readFileSync(path, 'utf8')) as unknown, path) });
    } catch (e: unknown) {
      skipped.push({ path, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  const key = (e: HistoryEntry): string => `${e.summary.date} ${e.summary.finishedAt}`;
  entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { entries, skipped };
}
