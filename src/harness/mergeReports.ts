import { UsageError } from '../errors/UsageError';
import type { CorpusRecord, CoveragePercents, CoverageRecord, Finding, JobSummary, MutationScore, NightlySummary, ProgressSample } from './nightly/nightlySummary';
import { NIGHTLY_SUMMARY_VERSION } from './nightly/nightlySummary';
import { parseShard } from './shard';

function unionSorted(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort((a, b) => {
    const sa = parseShardOrNull(a);
    const sb = parseShardOrNull(b);
    return sa && sb ? sa.count - sb.count || sa.index - sb.index : a < b ? -1 : a > b ? 1 : 0;
  });
}

function parseShardOrNull(s: string): { index: number; count: number } | null {
  try {
    return parseShard(s);
  } catch {
    return null;
  }
}

function sameOrMixed(values: readonly (string | null)[]): string | null {
  const distinct = [...new Set(values.filter((v): v is string => v !== null))];
  return distinct.length === 0 ? null : distinct.length === 1 ? (distinct[0] ?? null) : `mixed: ${distinct.join(', ')}`;
}

/** Value of a cumulative series at time t: the last sample at or before t (0 before the first). */
function valueAt(samples: readonly ProgressSample[], t: number, field: 'runs' | 'ops'): number | null {
  let v: number | null = samples.length > 0 && samples.every((s) => s[field] === null) ? null : 0;
  for (const s of samples) if (s.t <= t && s[field] !== null) v = s[field];
  return v;
}

/**
 * Samples of jobs that ran side by side on different machines: at every sample time of any of
 * them, the sum of their cumulative runs and ops and the maximum of their coverage counters.
 */
export function mergeSamples(series: readonly (readonly ProgressSample[])[]): ProgressSample[] {
  const sorted = series.map((s) => [...s].sort((a, b) => a.t - b.t));
  const times = [...new Set(sorted.flat().map((s) => s.t))].sort((a, b) => a - b);
  return times.map((t) => {
    const ops = sorted.map((s) => valueAt(s, t, 'ops'));
    const cov = sorted.flatMap((s) => s.filter((x) => x.t <= t && x.coverage !== null).map((x) => x.coverage ?? 0));
    return {
      t,
      runs: sorted.reduce((a, s) => a + (valueAt(s, t, 'runs') ?? 0), 0),
      ops: ops.every((o) => o === null) ? null : ops.reduce<number>((a, o) => a + (o ?? 0), 0),
      coverage: cov.length === 0 ? null : Math.max(...cov),
    };
  });
}

function mergeJobs(jobs: readonly JobSummary[]): JobSummary {
  const first = jobs[0];
  if (!first) throw new UsageError('mergeJobs: no jobs');
  const seeds = [...new Set(jobs.map((j) => j.seed))];
  const errors = jobs.map((j) => j.error).filter((e): e is string => e !== null);
  const covs = jobs.map((j) => j.coverage).filter((c): c is number => c !== null);
  return {
    ...first,
    shards: unionSorted(jobs.map((j) => j.shards)),
    seed: seeds.length === 1 ? (seeds[0] ?? null) : null,
    seconds: jobs.reduce((a, j) => a + j.seconds, 0),
    runs: jobs.reduce((a, j) => a + j.runs, 0),
    ops: jobs.every((j) => j.ops === null) ? null : jobs.reduce((a, j) => a + (j.ops ?? 0), 0),
    findings: jobs.reduce((a, j) => a + j.findings, 0),
    coverage: covs.length === 0 ? null : Math.max(...covs),
    error: errors.length === 0 ? null : errors.join('; '),
    samples: mergeSamples(jobs.map((j) => j.samples)),
  };
}

function maxPercents(list: readonly CoveragePercents[]): CoveragePercents {
  return {
    lines: Math.max(...list.map((c) => c.lines)),
    statements: Math.max(...list.map((c) => c.statements)),
    functions: Math.max(...list.map((c) => c.functions)),
    branches: Math.max(...list.map((c) => c.branches)),
  };
}

/**
 * Coverage of several machines from their percentages alone: per metric and directory the
 * maximum, a lower bound of the union's coverage (the per-file data is not in summaries).
 */
function mergeCoverage(list: readonly CoverageRecord[]): CoverageRecord | null {
  if (list.length === 0) return null;
  if (list.length === 1) return list[0] ?? null;
  const dirs = [...new Set(list.flatMap((c) => Object.keys(c.directories)))].sort();
  const directories: Record<string, CoveragePercents> = {};
  for (const d of dirs) directories[d] = maxPercents(list.flatMap((c) => (c.directories[d] ? [c.directories[d]] : [])));
  return { source: `max over ${list.length} shards (a lower bound of their union): ${list.map((c) => c.source).join(', ')}`, ...maxPercents(list), directories };
}

function mergeCorpora(list: readonly CorpusRecord[]): CorpusRecord[] {
  const groups = new Map<string, CorpusRecord[]>();
  for (const c of list) groups.set(`${c.target}\0${c.dir}`, [...(groups.get(`${c.target}\0${c.dir}`) ?? []), c]);
  return [...groups.values()].map((g) => ({
    target: g[0]?.target ?? '',
    dir: g[0]?.dir ?? '',
    files: Math.max(...g.map((c) => c.files)),
    bytes: Math.max(...g.map((c) => c.bytes)),
    added: g.reduce((a, c) => a + c.added, 0),
  }));
}

/** Mutation scores of several machines: per file, killed and survived mutants added; null if none measured. */
function mergeMutation(list: readonly (readonly MutationScore[])[]): MutationScore[] | null {
  if (list.length === 0) return null;
  // Each entry is one whole measurement of a file (the latest, see npm run mutation): shards that
  // carry the same file keep the most recent measurement rather than adding them up.
  const byFile = new Map<string, MutationScore>();
  for (const m of list.flat()) {
    const prev = byFile.get(m.file);
    if (!prev || (m.date ?? '') >= (prev.date ?? '')) byFile.set(m.file, m);
  }
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * Combines the summaries of shards of one nightly run into one summary: jobs with the same id
 * are summed (runs, ops, findings, job-seconds; samples added up over time; coverage counters
 * maximised), findings concatenated without duplicates, shards united. Throws `UsageError` if
 * no summaries are given or two of them cover the same shard (that would count runs twice).
 */
export function mergeNightlySummaries(summaries: readonly NightlySummary[]): NightlySummary {
  if (summaries.length === 0) throw new UsageError('merge-reports: no summaries to merge');
  const seen = new Set<string>();
  for (const s of summaries) {
    for (const shard of s.shards) {
      if (seen.has(shard)) throw new UsageError(`merge-reports: shard ${shard} appears in more than one summary`);
      seen.add(shard);
    }
  }
  const byStart = [...summaries].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  const jobGroups = new Map<string, JobSummary[]>();
  for (const s of byStart) for (const j of s.jobs) jobGroups.set(j.id, [...(jobGroups.get(j.id) ?? []), j]);
  const findings: Finding[] = [];
  const findingKeys = new Set<string>();
  for (const s of byStart) {
    for (const f of s.findings) {
      const key = `${f.shard}\0${f.reproducer}\0${f.job}`;
      if (!findingKeys.has(key)) {
        findingKeys.add(key);
        findings.push(f);
      }
    }
  }
  const first = byStart[0] as NightlySummary;
  return {
    version: NIGHTLY_SUMMARY_VERSION,
    date: first.date,
    startedAt: first.startedAt,
    finishedAt: byStart.map((s) => s.finishedAt).sort().at(-1) ?? first.finishedAt,
    timeBudgetSeconds: Math.max(...summaries.map((s) => s.timeBudgetSeconds)),
    workers: summaries.reduce((a, s) => a + s.workers, 0),
    shards: unionSorted(summaries.map((s) => s.shards)),
    commit: sameOrMixed(summaries.map((s) => s.commit)),
    node: sameOrMixed(summaries.map((s) => s.node)) ?? first.node,
    jobs: [...jobGroups.values()].map(mergeJobs),
    findings,
    coverage: mergeCoverage(summaries.flatMap((s) => (s.coverage ? [s.coverage] : []))),
    corpora: mergeCorpora(summaries.flatMap((s) => s.corpora)),
    mutation: mergeMutation(summaries.flatMap((s) => (s.mutation ? [s.mutation] : []))),
  };
}
