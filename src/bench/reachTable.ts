/**
 * The summary of `bench:reach` (src/bench/mutantReachBench.ts): per broken-collector configuration,
 * the first-finding run of each seed (a miss counts as the run budget), and against a base the
 * one-sided Mann-Whitney test of "this tree needs more runs" (seeds re-draw different cases on each
 * tree, so the two samples are independent, not paired).
 */

/** One measured (configuration, seed): the first finding's run (the budget when nothing was found) and its oracle. */
export interface ReachRow {
  readonly mutant: string;
  readonly seed: number;
  readonly run: number;
  readonly oracle: string;
}

export interface ReachSummary {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly misses: number;
  /** Oracles of the findings, sorted ('none' for a miss). */
  readonly oracles: readonly string[];
}

export function summariseReach(runs: readonly number[], oracles: readonly string[], budget: number): ReachSummary {
  const sorted = [...runs].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = n >> 1;
  const median = n === 0 ? NaN : n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    n,
    mean: n === 0 ? NaN : sorted.reduce((a, b) => a + b, 0) / n,
    median,
    misses: sorted.filter((r) => r >= budget).length,
    oracles: [...new Set(oracles)].sort(),
  };
}

/** The standard normal upper tail P(Z >= z) (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
function normalUpper(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 - erf) / 2 : (1 + erf) / 2;
}

/**
 * One-sided Mann-Whitney U test of H1 "values in `b` tend to be larger than in `a`": the normal
 * approximation with the tie correction and a continuity correction. Returns the p-value; 1 when
 * either sample is empty or every value ties (no evidence either way).
 */
export function mannWhitneyGreater(a: readonly number[], b: readonly number[]): number {
  const all = [...a.map((v) => ({ v, fromB: false })), ...b.map((v) => ({ v, fromB: true }))].sort((x, y) => x.v - y.v);
  const n1 = a.length;
  const n2 = b.length;
  const total = n1 + n2;
  if (n1 === 0 || n2 === 0) return 1;
  let rankSumB = 0;
  let tieTerm = 0;
  for (let i = 0; i < total; ) {
    let j = i;
    while (j < total && all[j]!.v === all[i]!.v) j++;
    const rank = (i + 1 + j) / 2; // average of ranks i+1..j
    for (let k = i; k < j; k++) if (all[k]!.fromB) rankSumB += rank;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  const u = rankSumB - (n2 * (n2 + 1)) / 2;
  const variance = ((n1 * n2) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  if (!(variance > 0)) return 1;
  return normalUpper((u - (n1 * n2) / 2 - 0.5) / Math.sqrt(variance));
}

function group(rows: readonly ReachRow[]): Map<string, Map<number, ReachRow>> {
  const by = new Map<string, Map<number, ReachRow>>();
  for (const r of rows) {
    let m = by.get(r.mutant);
    if (m === undefined) by.set(r.mutant, (m = new Map()));
    m.set(r.seed, r);
  }
  return by;
}

export interface ReachLine {
  readonly mutant: string;
  readonly seeds: readonly number[];
  readonly tree: ReachSummary;
  readonly base?: ReachSummary;
  /** One-sided Mann-Whitney p-value of "this tree needs more runs than the base". */
  readonly pWorse?: number;
  /** The tree's mean is above the base's. */
  readonly worse?: boolean;
  /** The oracle sets differ. */
  readonly oraclesDiffer?: boolean;
}

/**
 * Per configuration (in first-seen order of `rows`): the summary over its seeds, and with `base`,
 * both sides over the seeds both measured (so the means compare the same seed set).
 */
export function compareReach(rows: readonly ReachRow[], budget: number, base?: readonly ReachRow[]): ReachLine[] {
  const mine = group(rows);
  const theirs = base === undefined ? undefined : group(base);
  const lines: ReachLine[] = [];
  for (const [mutant, bySeed] of mine) {
    const other = theirs?.get(mutant);
    const seeds = [...bySeed.keys()].filter((s) => other === undefined || other.has(s)).sort((a, b) => a - b);
    const pick = (m: Map<number, ReachRow>): ReachRow[] => seeds.map((s) => m.get(s)!);
    const here = pick(bySeed);
    const tree = summariseReach(here.map((r) => r.run), here.map((r) => r.oracle), budget);
    if (other === undefined) {
      lines.push({ mutant, seeds, tree });
      continue;
    }
    const there = pick(other);
    const b = summariseReach(there.map((r) => r.run), there.map((r) => r.oracle), budget);
    lines.push({
      mutant,
      seeds,
      tree,
      base: b,
      pWorse: mannWhitneyGreater(there.map((r) => r.run), here.map((r) => r.run)),
      worse: tree.mean > b.mean,
      oraclesDiffer: tree.oracles.join() !== b.oracles.join(),
    });
  }
  return lines;
}

const fmt = (v: number): string => (Number.isNaN(v) ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(1));

/** The lines as one markdown table (the base columns only when some line has a base). */
export function reachTableText(lines: readonly ReachLine[]): string {
  const withBase = lines.some((l) => l.base !== undefined);
  const head = withBase
    ? ['config', 'seeds', 'mean', 'base mean', 'median', 'base median', 'misses', 'base misses', 'p(worse)', 'oracles', 'base oracles', 'verdict']
    : ['config', 'seeds', 'mean', 'median', 'misses', 'oracles'];
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const l of lines) {
    const t = l.tree;
    const seeds = l.seeds.length === 0 ? '-' : `${l.seeds.length} (${l.seeds[0]}-${l.seeds[l.seeds.length - 1]})`;
    if (!withBase) {
      out.push(`| ${[l.mutant, seeds, fmt(t.mean), fmt(t.median), t.misses, t.oracles.join(', ')].join(' | ')} |`);
      continue;
    }
    const b = l.base;
    const verdict = b === undefined ? 'no base' : `${l.worse === true ? '**WORSE**' : 'same or fewer'}${l.oraclesDiffer === true ? ', oracles differ' : ''}`;
    out.push(`| ${[l.mutant, seeds, fmt(t.mean), b ? fmt(b.mean) : '-', fmt(t.median), b ? fmt(b.median) : '-', t.misses, b ? b.misses : '-', l.pWorse === undefined ? '-' : l.pWorse.toFixed(3), t.oracles.join(', '), b ? b.oracles.join(', ') : '-', verdict].join(' | ')} |`);
  }
  return out.join('\n');
}
