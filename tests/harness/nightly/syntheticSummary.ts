import { findingSignature, observationOf } from '../../../src/harness/nightly/findingSignature';
import type { Finding, JobSummary, NightlySummary, ProgressSample } from '../../../src/harness/nightly/nightlySummary';

/** Cumulative samples every 10 s at a constant rate (deterministic test data). */
export function samples(seconds: number, runsPerSecond: number, opsPerRun: number | null, coverage: number | null): ProgressSample[] {
  const out: ProgressSample[] = [];
  for (let t = 0; t <= seconds; t += 10) {
    out.push({ t, runs: t * runsPerSecond, ops: opsPerRun === null ? null : t * runsPerSecond * opsPerRun, coverage: coverage === null ? null : coverage + t });
  }
  return out;
}

export function job(id: string, over: Partial<JobSummary> = {}): JobSummary {
  const [target = 'ops', collector = null] = id.split('/');
  const base: JobSummary = {
    id,
    kind: id.startsWith('cov/') ? 'coverage-guided' : 'seeded',
    target: id.startsWith('cov/') ? (collector ?? 'ops') : target,
    collector: id.startsWith('cov/') ? null : collector,
    engine: null,
    shards: ['1/1'],
    seed: id.startsWith('cov/') ? null : 20261121,
    seconds: 60,
    runs: 600,
    ops: id.startsWith('cov/') ? null : 60_000,
    findings: 0,
    coverage: id.startsWith('cov/') ? 1500 : null,
    error: null,
    samples: samples(60, 10, id.startsWith('cov/') ? null : 100, id.startsWith('cov/') ? 1000 : null),
  };
  return { ...base, ...over };
}

/** A plausible one-shard nightly summary for `date`, scaled by `scale` (throughput and coverage). */
export function syntheticSummary(date: string, scale = 1, over: Partial<NightlySummary> = {}): NightlySummary {
  const base: NightlySummary = {
    version: 1,
    date,
    startedAt: `${date}T02:00:00.000Z`,
    finishedAt: `${date}T02:50:00.000Z`,
    timeBudgetSeconds: 3000,
    workers: 2,
    shards: ['1/1'],
    commit: 'abc1234',
    node: 'v22.0.0',
    jobs: [
      job('ops/null', { runs: 900 * scale, ops: 90_000 * scale }),
      job('ops/drc', { runs: 800 * scale, ops: 80_000 * scale }),
      job('ops/copying', { runs: 700 * scale, ops: 70_000 * scale }),
      job('wasm/drc/v8', { runs: 300 * scale, ops: null, samples: samples(60, 5 * scale, null, null) }),
      job('cov/decoder', { runs: 50_000 * scale, coverage: 1400 + 100 * scale, samples: samples(60, 800 * scale, null, 1200) }),
    ],
    findings: [],
    coverage: {
      source: `reports/nightly/${date}/coverage/coverage-summary.json`,
      lines: 80 + scale,
      statements: 79 + scale,
      functions: 75 + scale,
      branches: 70 + scale,
      directories: {
        'src/runtime': { lines: 90 + scale, statements: 90, functions: 88, branches: 80 },
        'src/wasm': { lines: 85 + scale, statements: 84, functions: 80, branches: 75 },
      },
    },
    corpora: [{ target: 'decoder', dir: 'reports/nightly/corpus/decoder', files: 12, bytes: 3400, added: 3 }],
    mutation: null,
  };
  return { ...base, ...over };
}

/** A finding as the nightly records it, its signature derived from oracle, collector, kind and message. */
export function finding(over: Partial<Finding> & { readonly message: string }): Finding {
  const base = {
    job: 'ops/drc', target: 'ops', collector: 'drc', shard: '1/1', oracle: 'leak',
    reproducer: 'reports/crashes/r.json', replay: 'npm run replay -- reports/crashes/r.json',
    kind: 'writeRef', size: 5, listing: null, ...over,
  };
  return { ...base, signature: over.signature ?? findingSignature({ oracle: base.oracle, collector: base.collector, kind: base.kind, observation: observationOf(base.message) }) };
}
