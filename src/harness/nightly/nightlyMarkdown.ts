import { groupFindings } from './groupFindings';
import { targetTotals } from './nightlyMetrics';
import type { NightlySummary } from './nightlySummary';

/**
 * The short Markdown of a nightly (the Actions job summary, reports/nightly/latest.md): totals per
 * target, c8 coverage, and each bug once (grouped by signature) with its count and the replay
 * command of its smallest reproducer. `report` is the HTML report's path.
 */
export function nightlyMarkdown(summary: NightlySummary, report: string): string {
  const groups = groupFindings(summary.findings);
  const c = summary.coverage;
  return [
    `### gcfuzz nightly ${summary.date} (shard${summary.shards.length === 1 ? '' : 's'} ${summary.shards.join(', ')})`,
    '',
    `${summary.findings.length} findings in ${groups.length} distinct bug${groups.length === 1 ? '' : 's'}; report: \`${report}\``,
    '',
    '| target | runs | ops | runs per job-second | findings |',
    '|---|---:|---:|---:|---:|',
    ...targetTotals(summary).map((t) => `| ${t.key} | ${t.runs} | ${t.ops ?? '–'} | ${t.runsPerSecond.toFixed(1)} | ${t.findings} |`),
    ...(c ? ['', `c8 coverage of the seeded jobs: lines ${c.lines}%, ${Object.entries(c.directories).map(([d, p]) => `${d} ${p.lines}%`).join(', ')}`] : []),
    ...(groups.length > 0 ? [''] : []),
    ...groups.map((g) => `- ${g.count}× \`${g.signature}\` (shards ${g.shards.join(' ')}) — smallest: \`${g.smallest.replay}\``),
  ].join('\n');
}
