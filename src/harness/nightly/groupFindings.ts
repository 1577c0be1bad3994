import type { Finding, NightlySummary } from './nightlySummary';

/** Every finding of one signature: one bug, listed once with its count and its smallest reproducer. */
export interface FindingGroup {
  readonly signature: string;
  readonly count: number;
  /** Shards and jobs it was seen in, sorted. */
  readonly shards: readonly string[];
  readonly jobs: readonly string[];
  /** The finding with the smallest minimised case (unknown sizes last; ties: the first seen). */
  readonly smallest: Finding;
}

/** Findings grouped by signature, most frequent first (then by signature, so the order is stable). */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.signature, [...(groups.get(f.signature) ?? []), f]);
  return [...groups].map(([signature, list]) => {
    let smallest = list[0] as Finding;
    for (const f of list) if ((f.size ?? Infinity) < (smallest.size ?? Infinity)) smallest = f;
    return {
      signature,
      count: list.length,
      shards: [...new Set(list.map((f) => f.shard))].sort(),
      jobs: [...new Set(list.map((f) => f.job))].sort(),
      smallest,
    };
  }).sort((a, b) => b.count - a.count || (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
}

/** Tonight's groups split against the last earlier night: new, still open; and last night's now gone. */
export interface FindingTriage {
  /** The night compared against; null when there is no earlier night. */
  readonly lastNight: string | null;
  readonly fresh: readonly FindingGroup[];
  readonly open: readonly FindingGroup[];
  /** Groups of the last night not seen tonight (fixed, or not reached this time). */
  readonly gone: readonly FindingGroup[];
}

/**
 * Triage against `history` (earlier nights): a group is new when the latest earlier night did not
 * have its signature, still open when it did. Without an earlier night every group is new.
 */
export function triageFindings(current: NightlySummary, history: readonly NightlySummary[]): FindingTriage {
  const earlier = history.filter((n) => n.date < current.date).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const last = earlier.at(-1) ?? null;
  const groups = groupFindings(current.findings);
  const before = new Set((last?.findings ?? []).map((f) => f.signature));
  const now = new Set(groups.map((g) => g.signature));
  return {
    lastNight: last?.date ?? null,
    fresh: groups.filter((g) => !before.has(g.signature)),
    open: groups.filter((g) => before.has(g.signature)),
    gone: last ? groupFindings(last.findings).filter((g) => !now.has(g.signature)) : [],
  };
}
