import type { JobKind } from '../src/harness/nightly/nightlySummary';
import type { JsfuzzTargetName } from './jsfuzzTargets';

/** One job of a nightly run, before it runs. */
export interface PlannedJob {
  readonly id: string;
  readonly kind: JobKind;
  readonly target: string;
  /** What the fuzz CLI's `--collector` gets: a built-in name or a collector module's absolute path. */
  readonly collector: string | null;
  readonly engine: string | null;
}

/** A collector to cross with the seeded targets: `label` names it in job ids, `spec` goes to `--collector`. */
export interface NightlyCollector {
  readonly label: string;
  readonly spec: string;
}

export interface NightlyPlanInput {
  /**
   * Seeded targets of the fuzz CLI with the collectors to cross and, for the wasm target, the
   * engine sets (`--engines` values such as `model,interp`) to cross them with.
   */
  readonly seeded: readonly { readonly target: string; readonly collectors: readonly NightlyCollector[]; readonly engines?: readonly string[] }[];
  /** Coverage-guided targets whose compiled module exists. */
  readonly coverageGuided: readonly JsfuzzTargetName[];
}

/**
 * Every target x collector (x engine) seeded job, then one jsfuzz job per coverage-guided target,
 * in a fixed order (the order jobs start in and appear in the report).
 */
export function planNightlyJobs(input: NightlyPlanInput): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  for (const s of input.seeded) {
    for (const collector of s.collectors) {
      const engines = s.engines && s.engines.length > 0 ? s.engines : [null];
      for (const engine of engines) {
        jobs.push({ id: [s.target, collector.label, ...(engine === null ? [] : [engine.split(',').join('+')])].join('/'), kind: 'seeded', target: s.target, collector: collector.spec, engine });
      }
    }
  }
  for (const t of input.coverageGuided) jobs.push({ id: `cov/${t}`, kind: 'coverage-guided', target: t, collector: null, engine: null });
  return jobs;
}

/**
 * Seconds each job gets when `jobs` jobs share `workers` lanes for `seconds`, less `reserve`
 * seconds kept for minimisation and reporting, and a per-job `startup` allowance. At least 1.
 */
export function secondsPerJob(seconds: number, workers: number, jobs: number, reserve: number, startup: number): number {
  if (jobs === 0) return 0;
  const waves = Math.ceil(jobs / Math.max(1, workers));
  return Math.max(1, Math.floor((seconds - reserve) / waves - startup));
}
