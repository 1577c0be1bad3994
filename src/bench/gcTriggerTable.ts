import { zeroGcTriggerCounts, type GcTriggerCounts } from '../runtime/store';

/** Add `b` into `a`, trigger by trigger. */
export function addGcTriggerCounts(a: GcTriggerCounts, b: GcTriggerCounts): void {
  for (const k of Object.keys(a) as (keyof GcTriggerCounts)[]) a[k] += b[k];
}

/** An interpreter engine outcome's `gc*` stats as trigger counts (0 for any missing). */
export function gcTriggersFromStats(stats: Readonly<Record<string, number>>): GcTriggerCounts {
  const t = zeroGcTriggerCounts();
  t.allocation = stats['gcAllocation'] ?? 0;
  t.zeal = stats['gcZeal'] ?? 0;
  t.enterWasm = stats['gcEnterWasm'] ?? 0;
  t.incrementalZeal = stats['gcIncrementalZeal'] ?? 0;
  t.gcStep = stats['gcStep'] ?? 0;
  t.explicit = stats['gcExplicit'] ?? 0;
  t.sliced = stats['gcSliced'] ?? 0;
  t.dropped = stats['gcDropped'] ?? 0;
  return t;
}

/**
 * Lines of a table: per collector, how often each trigger started a collection per 1,000 cases
 * (and `sliced`/`dropped`: gc_step returns with the collection open, collections abandoned
 * midway), plus the share of cases in which it fired at least once.
 */
export function gcTriggerTable(cases: number, perCollector: ReadonlyMap<string, { readonly sum: GcTriggerCounts; readonly casesWith: GcTriggerCounts }>): string[] {
  const keys = Object.keys(zeroGcTriggerCounts()) as (keyof GcTriggerCounts)[];
  const lines = [`GC triggers per 1,000 cases (cases where it fired at least once, %), ${cases} cases:`, `  ${'collector'.padEnd(20)}${keys.map((k) => k.padStart(18)).join('')}`];
  for (const [name, { sum, casesWith }] of perCollector) {
    const cell = (k: keyof GcTriggerCounts): string => `${((1000 * sum[k]) / Math.max(1, cases)).toFixed(0)} (${((100 * casesWith[k]) / Math.max(1, cases)).toFixed(1)}%)`.padStart(18);
    lines.push(`  ${name.padEnd(20)}${keys.map(cell).join('')}`);
  }
  return lines;
}

/** Accumulates one collector's trigger counts over cases, for `gcTriggerTable`. */
export class GcTriggerTally {
  readonly sum = zeroGcTriggerCounts();
  readonly casesWith = zeroGcTriggerCounts();

  add(t: GcTriggerCounts): void {
    addGcTriggerCounts(this.sum, t);
    for (const k of Object.keys(t) as (keyof GcTriggerCounts)[]) if (t[k] > 0) this.casesWith[k]++;
  }
}
