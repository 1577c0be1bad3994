import { join, relative } from 'node:path';
import { describeFinding } from '../src/harness/nightly/describeFinding';
import type { Finding, JobSummary } from '../src/harness/nightly/nightlySummary';
import { COLLECTORS_ENV, type JsfuzzTarget } from './jsfuzzTargets';
import { runJsfuzz } from './runJsfuzz';
import { writeCrashReproducer } from './writeCrashReproducer';

export interface CoverageGuidedJobSpec {
  readonly target: JsfuzzTarget;
  /** Collectors for targets that run them (`all`, `drc`...). */
  readonly collector: string;
  readonly seconds: number;
  readonly shard: string;
  /** Repository root (targets and seed corpora are relative to it). */
  readonly root: string;
  /** The run's report directory: jsfuzz's work dir and crash reproducers go below it. */
  readonly outDir: string;
  /** Grown corpus directory of this target (read and grown; minimised afterwards by the caller). */
  readonly corpusDir: string;
  /** Extra environment for jsfuzz and its worker (the instrumentation cache, fuzz/instrumentCache.ts). */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly onLine?: (line: string) => void;
}

/**
 * One nightly `cov/<target>` job: jsfuzz for `seconds` from the seeds plus the grown corpus,
 * restarting after crashes; every crash becomes a reproducer under `<outDir>/crashes` and a finding.
 */
export async function runCoverageGuidedJob(spec: CoverageGuidedJobSpec): Promise<{ job: JobSummary; findings: Finding[] }> {
  const t = spec.target;
  const id = `cov/${t.name}`;
  const collector = t.usesCollectors ? spec.collector : null;
  const r = await runJsfuzz({
    target: join(spec.root, t.module),
    corpusDirs: [spec.corpusDir, join(spec.root, t.seeds)],
    seconds: spec.seconds,
    workDir: join(spec.outDir, 'jsfuzz', t.name),
    env: { ...spec.env, ...(collector === null ? {} : { [COLLECTORS_ENV]: collector }) },
    keepGoing: true,
    maxCrashes: 5,
    ...(spec.signal ? { signal: spec.signal } : {}),
    ...(spec.onLine ? { onLine: spec.onLine } : {}),
  });
  const findings = r.crashes.map((c): Finding => {
    const w = writeCrashReproducer(t.name, spec.collector, c, join(spec.outDir, 'crashes'));
    return describeFinding({ job: id, target: t.name, collector, shard: spec.shard, oracle: w.oracle, message: w.message.split('\n')[0] ?? '', reproducer: relative(spec.root, w.path), replay: w.replay }, w.path);
  });
  const job: JobSummary = {
    id,
    kind: 'coverage-guided',
    target: t.name,
    collector,
    engine: null,
    shards: [spec.shard],
    seed: null,
    seconds: Math.round(r.seconds * 10) / 10,
    runs: r.execs,
    ops: null,
    findings: findings.length,
    coverage: r.coverage,
    error: r.error,
    samples: r.samples,
  };
  return { job, findings };
}
