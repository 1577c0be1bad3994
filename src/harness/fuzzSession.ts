import type { TargetOptions } from './fuzzTarget';
import type { MinimiseBudget } from './minimiseFailure';
import type { OracleName } from '../../oracles/OracleFailure';
import type { Shard } from './shard';
import type { SavedReproducer } from './reproducer';

/** Everything that decides what a fuzz session runs; plain data, so workers receive it as is. */
export interface FuzzSessionConfig {
  readonly target: string;
  /** `--collector`: 'all', a built-in name or a module path. */
  readonly collector: string;
  readonly seed: number;
  /** Run count bound (null: only the time bound). */
  readonly runs: number | null;
  /** Wall-clock bound in seconds (null: only the run bound). */
  readonly timeSeconds: number | null;
  readonly workers: number;
  /** `--shard i/N`: this machine runs only the global runs g with g mod N == i - 1 (see shard.ts). */
  readonly shard: Shard;
  readonly targetOptions: TargetOptions;
  /**
   * `--case-timeout`: a case running longer than this (seconds) is a `timeout` finding, caught by
   * the session's watchdog, which needs the cases in worker threads; null runs a one-worker
   * session in-process with no watchdog.
   */
  readonly caseTimeoutSeconds: number | null;
  /** Absolute, checked before the session starts (findingStore.prepareOutDir). */
  readonly outDir: string;
  readonly minimise: MinimiseBudget;
}

/** A finding as reported in progress output and the JSON summary. */
export interface FindingRecord {
  readonly oracle: OracleName;
  readonly collector: string;
  readonly seed: number;
  readonly run: number;
  readonly message: string;
  readonly reproducer: string;
  readonly replay: string;
  readonly originalSize: number;
  readonly size: number;
  /** Why the reproducer is not in the session's output directory (null when it is). */
  readonly fallback: string | null;
}

/** The finding a saved reproducer records; `collector` is the one it is filed under. */
export function findingRecord(s: SavedReproducer, collector: string): FindingRecord {
  const r = s.reproducer;
  return { oracle: r.oracle, collector, seed: r.seed, run: r.run, message: r.message, reproducer: s.file, replay: s.replay, originalSize: r.originalSize, size: r.size, fallback: s.fallback };
}

/**
 * A reference engine contradicting itself on a case (oracles/engines/KnownEngineBug.ts): counted
 * and kept apart from findings (its reproducer in OUT/known-engine-bugs); the session goes on.
 */
export interface EngineBugRecord {
  readonly kind: string;
  readonly seed: number;
  readonly run: number;
  readonly message: string;
  readonly reproducer: string;
}

/** The JSON summary: the last stdout line with --json. */
export interface FuzzSummary {
  readonly target: string;
  readonly collector: string;
  readonly collectors: readonly string[];
  readonly seed: number;
  readonly workers: number;
  /** `i/N`; `1/1` when unsharded. */
  readonly shard: string;
  readonly runs: number;
  readonly ops: number;
  readonly durationMs: number;
  readonly opsPerSecond: number;
  /** Stopped by SIGINT or SIGTERM. */
  readonly interrupted: boolean;
  readonly findings: readonly FindingRecord[];
  /** Every known engine bug met (not findings: they do not stop the session or set the exit code). */
  readonly knownEngineBugs: readonly EngineBugRecord[];
  /** 1 with a finding, else 130 when interrupted, else 0 (errors/exitCodes.ts). */
  readonly exitCode: 0 | 1 | 130;
}
