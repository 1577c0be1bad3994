import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OracleFailure } from '../../oracles/OracleFailure';
import { KnownEngineBug } from '../../oracles/engines/KnownEngineBug';
import { caseSeed } from './caseSeed';
import { globalRunIndex } from './shard';
import { ownThreadId } from './threadCpuClock';
import { claimFailure, isInterrupted, lowerFailureKnown, lowestFailure, setPhase, SlicePhase, type StopBoard } from './stopBoard';
import { getTarget } from './targetRegistry';
import { resolveCollectors } from './resolveCollectors';
import { runCase } from './runCase';
import { minimiseFailure } from './minimiseFailure';
import { findingRecord } from './fuzzSession';
import { saveReproducer, type FindingSpec } from './reproducer';
import type { EngineBugRecord, FindingRecord, FuzzSessionConfig } from './fuzzSession';
import type { GcRuntime } from '../runtime/gcHeap';

export interface SliceEvents {
  /** Cumulative runs and ops of this slice, every few dozen runs. */
  progress(runs: number, ops: number): void;
  /** A failure's unminimised reproducer is on disk; minimisation starts (the watchdog keeps it if that hangs). */
  found?(f: FindingRecord): void;
  finding(f: FindingRecord): void;
  /** A known engine bug met at a run (reproducer already saved); the slice goes on. */
  engineBug?(b: EngineBugRecord): void;
}

/**
 * One worker's share of a session: the shard's local runs `workerIndex, workerIndex + workers, ...`
 * in order, local run k being global run `globalRunIndex(shard, k)` and its case generated from
 * `caseSeed(seed, global run)`, so the set of cases depends on neither the worker count nor how
 * the seed space is sharded. Stops at the run bound, the deadline, an interrupt, or once a failure
 * at a lower run index is known (so the session's first finding is the same whatever the worker
 * count). A failure writes its reproducer at once (unminimised), then minimises it and writes the
 * smaller one in its place.
 * Each case and minimisation is announced on the board (stopBoard.ts) for the session's watchdog,
 * with times in ms since `epochMs`.
 */
export async function runSlice(cfg: FuzzSessionConfig, workerIndex: number, board: StopBoard, deadline: number | null, ev: SliceEvents, epochMs = Date.now()): Promise<{ runs: number; ops: number }> {
  const target = getTarget(cfg.target);
  const selection = resolveCollectors(cfg.collector);
  const collectors = target.usesCollectors === false ? [] : selection.collectors;
  const arbitrary = target.arbitrary(cfg.targetOptions);
  let runs = 0;
  let ops = 0;
  let lastYield = Date.now();
  // The watchdog judges a case by this thread's CPU time (stopBoard.ts: caseTimedOut).
  const tid = cfg.caseTimeoutSeconds !== null ? ownThreadId() : 0;
  for (let local = workerIndex; cfg.runs === null || local < cfg.runs; local += cfg.workers) {
    if (isInterrupted(board) || local > lowestFailure(board)) break;
    if (deadline !== null && Date.now() >= deadline && local !== workerIndex) break; // each worker runs at least one case
    const run = globalRunIndex(cfg.shard, local);
    const seed = caseSeed(cfg.seed, run);
    const c = fc.sample(arbitrary, { seed, numRuns: 1 })[0];
    setPhase(board, workerIndex, SlicePhase.Running, local, Date.now() - epochMs, tid);
    try {
      ops += runCase(target, c, collectors).ops;
      runs++;
    } catch (e) {
      runs++;
      if (e instanceof KnownEngineBug) {
        ev.engineBug?.(saveEngineBug(cfg, run, seed, c, e, collectors));
        continue;
      }
      if (!(e instanceof OracleFailure)) throw e;
      claimFailure(board, local);
      ev.progress(runs, ops);
      setPhase(board, workerIndex, SlicePhase.Minimising, local, Date.now() - epochMs);
      ev.finding(reportFailure(cfg, local, run, seed, c, e, arbitrary, collectors, selection.paths, board, deadline, ev.found));
      break;
    } finally {
      setPhase(board, workerIndex, SlicePhase.Idle, -1, Date.now() - epochMs);
    }
    if ((runs & 15) === 0 && Date.now() - lastYield > 50) {
      ev.progress(runs, ops);
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
  }
  ev.progress(runs, ops);
  return { runs, ops };
}

/** The directory under a session's output directory where known engine bugs' reproducers go. */
export const ENGINE_BUG_DIR = 'known-engine-bugs';

/** Saves the case of a known engine bug, unminimised, in OUT/known-engine-bugs (never among findings). */
function saveEngineBug(cfg: FuzzSessionConfig, run: number, seed: number, c: unknown, bug: KnownEngineBug, collectors: readonly GcRuntime[]): EngineBugRecord {
  const target = getTarget(cfg.target);
  const size = target.size(c);
  const dir = path.join(cfg.outDir, ENGINE_BUG_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const saved = saveReproducer(dir, {
    target,
    collector: 'v8',
    collectors: collectors.map((x) => x.name),
    collectorPaths: {},
    origin: { seed: cfg.seed, run, caseSeed: seed },
    oracle: 'differential',
    opIndex: -1,
    message: bug.message,
    minimised: false,
    originalSize: size,
    case: c,
  });
  return { kind: bug.kind, seed: cfg.seed, run, message: bug.message, reproducer: saved.file };
}

function reportFailure(
  cfg: FuzzSessionConfig,
  local: number,
  run: number,
  seed: number,
  original: unknown,
  failure: OracleFailure,
  arbitrary: fc.Arbitrary<unknown>,
  collectors: readonly GcRuntime[],
  paths: Readonly<Record<string, string>>,
  board: StopBoard,
  deadline: number | null,
  found?: (f: FindingRecord) => void,
): FindingRecord {
  const target = getTarget(cfg.target);
  const failing = failure.collector ?? collectors[0]?.name ?? 'none';
  const spec = (c: unknown, f: OracleFailure, set: readonly GcRuntime[], minimised: boolean): FindingSpec => ({
    target,
    collector: failing,
    collectors: set.map((x) => x.name),
    collectorPaths: Object.fromEntries(set.filter((x) => paths[x.name] !== undefined).map((x) => [x.name, paths[x.name]!])),
    origin: { seed: cfg.seed, run, caseSeed: seed },
    oracle: f.oracle,
    opIndex: f.opIndex,
    message: f.message,
    minimised,
    originalSize: target.size(original),
    case: c,
  });
  // Written before anything else runs: the finding survives whatever happens next.
  const first = saveReproducer(cfg.outDir, spec(original, failure, collectors, false));
  const found1 = findingRecord(first, failing);
  found?.(found1);
  const shrinkSet = shrinkCollectors(failure, collectors, target, original);
  const m = minimiseFailure({
    target,
    arbitrary,
    caseSeed: seed,
    original,
    failure,
    collectors: shrinkSet,
    budget: cfg.minimise,
    // The session's time budget bounds minimisation too; an interrupted or cut-short
    // minimisation keeps the best case so far.
    interrupted: () => lowerFailureKnown(board, local) || isInterrupted(board) || (deadline !== null && Date.now() > deadline),
  });
  if (lowerFailureKnown(board, local)) return { ...found1, message: `${found1.message} (a lower run failed too; the reproducer is unminimised)` };
  return findingRecord(saveReproducer(cfg.outDir, spec(m.case, m.failure, shrinkSet, true), first.file), failing);
}

/**
 * Collectors a finding is minimised and replayed with: the failing one alone, unless the oracle
 * compares collectors (differential) or the failure needs the others to show.
 */
function shrinkCollectors(failure: OracleFailure, all: readonly GcRuntime[], target: ReturnType<typeof getTarget>, c: unknown): readonly GcRuntime[] {
  if (failure.oracle === 'differential' || failure.collector === null) return all;
  const one = all.filter((x) => x.name === failure.collector);
  if (one.length !== 1) return all;
  try {
    runCase(target, c, one);
  } catch (e) {
    if (e instanceof OracleFailure && e.oracle === failure.oracle) return one;
  }
  return all;
}
