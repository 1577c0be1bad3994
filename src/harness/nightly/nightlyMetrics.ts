import type { JobSummary, NightlySummary, ProgressSample } from './nightlySummary';

/** Totals of the jobs that share a throughput key (see `throughputKey`). */
export interface TargetTotals {
  readonly key: string;
  readonly jobs: number;
  readonly runs: number;
  /** Null when no job of the key reports ops. */
  readonly ops: number | null;
  /** Job-seconds: the sum of the jobs' wall-clock seconds. */
  readonly seconds: number;
  readonly findings: number;
  /** Runs per job-second: independent of how many jobs ran in parallel. */
  readonly runsPerSecond: number;
  readonly opsPerSecond: number | null;
}

/** Seeded jobs group by target (`ops`, `wasm`); coverage-guided ones by `jsfuzz <target>`. */
export function throughputKey(job: JobSummary): string {
  return job.kind === 'seeded' ? job.target : `jsfuzz ${job.target}`;
}

/** Per-key totals in first-seen job order. */
export function targetTotals(summary: NightlySummary): TargetTotals[] {
  const groups = new Map<string, JobSummary[]>();
  for (const job of summary.jobs) {
    const key = throughputKey(job);
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  return [...groups].map(([key, jobs]) => {
    const runs = jobs.reduce((a, j) => a + j.runs, 0);
    const withOps = jobs.filter((j) => j.ops !== null);
    const ops = withOps.length === 0 ? null : withOps.reduce((a, j) => a + (j.ops ?? 0), 0);
    const seconds = jobs.reduce((a, j) => a + j.seconds, 0);
    const opsSeconds = withOps.reduce((a, j) => a + j.seconds, 0);
    return {
      key,
      jobs: jobs.length,
      runs,
      ops,
      seconds,
      findings: jobs.reduce((a, j) => a + j.findings, 0),
      runsPerSecond: seconds > 0 ? runs / seconds : 0,
      opsPerSecond: ops === null ? null : opsSeconds > 0 ? ops / opsSeconds : 0,
    };
  });
}

/**
 * Rate over time from cumulative samples: the runs (or ops) per second over successive windows
 * of at least `minSeconds` (default 1), each plotted at its end. A window starts at the first
 * sample; samples closer together than `minSeconds` are merged into one window.
 */
export function rateSeries(samples: readonly ProgressSample[], field: 'runs' | 'ops', minSeconds = 1): [number, number][] {
  const out: [number, number][] = [];
  let prev: ProgressSample | null = null;
  for (const s of [...samples].sort((a, b) => a.t - b.t)) {
    const v = s[field];
    if (v === null) continue;
    if (prev === null) {
      prev = s;
      continue;
    }
    if (s.t - prev.t >= minSeconds) {
      out.push([s.t, Math.max(0, v - (prev[field] ?? 0)) / (s.t - prev.t)]);
      prev = s;
    }
  }
  return out;
}

/** Day number (days since 1970-01-01 UTC) of a `YYYY-MM-DD` date; NaN if malformed. */
export function dayNumber(date: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) / 86_400_000 : Number.NaN;
}

/** `YYYY-MM-DD` of a day number. */
export function dayLabel(day: number): string {
  return new Date(Math.round(day) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The nights to plot across time: `history` plus `current`, one per date (the current run wins
 * its own date; otherwise the summary covering more shards, then the later-finished one), sorted by date.
 */
export function nightsByDate(current: NightlySummary, history: readonly NightlySummary[]): NightlySummary[] {
  const byDate = new Map<string, NightlySummary>();
  for (const s of history) {
    const prev = byDate.get(s.date);
    const better = !prev || s.shards.length > prev.shards.length || (s.shards.length === prev.shards.length && prev.finishedAt < s.finishedAt);
    if (better) byDate.set(s.date, s);
  }
  byDate.set(current.date, current);
  return [...byDate.values()].filter((s) => !Number.isNaN(dayNumber(s.date))).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
