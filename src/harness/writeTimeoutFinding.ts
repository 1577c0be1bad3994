import fc from 'fast-check';
import { caseSeed } from './caseSeed';
import type { AnyFuzzTarget } from './fuzzTarget';
import { findingRecord, type FindingRecord, type FuzzSessionConfig } from './fuzzSession';
import { resolveCollectors } from './resolveCollectors';
import { saveReproducer, type FindingOrigin, type FindingSpec } from './reproducer';
import { globalRunIndex } from './shard';
import { getTarget } from './targetRegistry';
import { minimiseFailure, type MinimiseBudget, type Minimised } from './minimiseFailure';
import { SyncCaseRunner } from './syncCaseRunner';
import { OracleFailure } from '../../oracles/OracleFailure';

/**
 * The finding spec of a case that did not finish in time (oracle `timeout`). `collectorSpec` is
 * what the session ran (`all`, a name or a module path); `why` ends the message.
 */
export function timeoutSpec(target: AnyFuzzTarget, collectorSpec: string, c: unknown, origin: FindingOrigin, why: string, originalSize: number, minimised: boolean): FindingSpec {
  const selection = resolveCollectors(collectorSpec);
  const names = selection.collectors.map((x) => x.name);
  return {
    target,
    collector: collectorNameOf(names),
    collectors: names,
    collectorPaths: selection.paths,
    origin,
    oracle: 'timeout',
    opIndex: -1,
    message: `[timeout] ${names.join(',')}: ${why}`,
    minimised,
    originalSize,
    case: c,
  };
}

function collectorNameOf(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : 'all';
}

/** A seeded case that hung: the case the worker ran (regenerated from `caseSeed(seed, run)`) and where it came from. */
export interface HungCase {
  readonly target: AnyFuzzTarget;
  readonly case: unknown;
  readonly origin: FindingOrigin;
  readonly why: string;
}

export function hungCase(cfg: FuzzSessionConfig, localRun: number, timeoutSeconds: number): HungCase {
  const target = getTarget(cfg.target);
  const run = globalRunIndex(cfg.shard, localRun);
  const seed = caseSeed(cfg.seed, run);
  const c = fc.sample(target.arbitrary(cfg.targetOptions), { seed, numRuns: 1 })[0];
  return { target, case: c, origin: { seed: cfg.seed, run, caseSeed: seed }, why: `the case did not finish within ${timeoutSeconds} s` };
}

/**
 * The finding for a seeded case that did not finish within the session's case timeout: a
 * collector or barrier that loops, e.g. a cycle in a free list or a trace that never ends. The
 * hung thread cannot report it, so the session regenerates the case and writes its reproducer at
 * once, unminimised; hangMinimiser.ts then shrinks it off the session's thread.
 */
export function writeTimeoutFinding(cfg: FuzzSessionConfig, localRun: number, timeoutSeconds: number): FindingRecord {
  const h = hungCase(cfg, localRun, timeoutSeconds);
  const spec = timeoutSpec(h.target, cfg.collector, h.case, h.origin, h.why, h.target.size(h.case), false);
  return findingRecord(saveReproducer(cfg.outDir, spec), spec.collector);
}

/**
 * How long a shrinking candidate may run before it counts as still hanging. Cases take
 * milliseconds (Wasm ones are fuel-bounded), so a couple of seconds tells a hang from a slow case.
 */
export const HANG_CANDIDATE_SECONDS = 2;

/**
 * A short run (below) also counts as hanging once its thread has used this share of its time in
 * CPU time. The time itself leaves an order of magnitude for a loaded machine, which CPU time does
 * not need (it does not grow while the thread waits for a core): a quarter of it is still ten
 * times the CPU a fresh runner thread spends on a reduced case (about 25 ms), so a hang is
 * decided about four times sooner on an idle machine, and no later than before on a loaded one.
 */
export const HANG_CPU_SHARE = 0.25;

/**
 * Shrinks a case that hangs, as minimiseFailure shrinks any finding, running each candidate in a
 * SyncCaseRunner thread: a candidate still running after its time is still the bug (other failures
 * count as passes). A candidate's time is `target.hangBudgetMs` (a bound derived from the work the
 * candidate does, e.g. the instructions it executes on a reference run) capped at
 * `candidateTimeoutMs`, or HANG_CPU_SHARE of that in CPU time, so an accepted step costs a fraction of a second rather than the full
 * timeout; the thread that hung is replaced by a warm spare. Targets with a structural reducer skip
 * fast-check's shrinking (its many small steps each cost a timeout). The result is confirmed to
 * hang for the full `candidateTimeoutMs` before it is handed out; if it does not (a candidate can
 * outlive its own time on a heavily loaded machine), shrinking goes on from the latest accepted
 * case that does, with the full timeout for every candidate. The budget bounds it all, and `interrupted` stops it within POLL_MS of turning true,
 * even mid-candidate. `onImprove` sees each smaller hanging case. `reproduced` says whether any
 * candidate hung (if none did, the case comes back as given).
 */
export function minimiseHang(
  target: AnyFuzzTarget,
  collectorSpec: string,
  original: unknown,
  arbitrary: fc.Arbitrary<unknown>,
  caseSeed: number,
  budget: MinimiseBudget,
  candidateTimeoutMs: number,
  interrupted: () => boolean = () => false,
  onImprove?: (c: unknown) => void,
): Minimised & { readonly reproduced: boolean } {
  const runner = new SyncCaseRunner(target.name, collectorSpec);
  const hang = new OracleFailure('timeout', -1, 'the case to finish', `still running after ${candidateTimeoutMs / 1000} s`);
  const timeFor = (c: unknown): number => Math.min(candidateTimeoutMs, target.hangBudgetMs?.(c) ?? candidateTimeoutMs);
  /** Whether `c` is still running after `ms` (and, when `short`, after HANG_CPU_SHARE of that in CPU time). */
  const hangs = (c: unknown, ms: number, short = false): boolean => runner.run(target.serialise(c), ms, interrupted, short ? ms * HANG_CPU_SHARE : Infinity) === 'timeout';
  const accepted: unknown[] = [];
  let reproduced = false;
  const start = Date.now();
  let tries = 0;
  /** Shrinks `from`, each candidate on its own time (`short`) or on the full timeout. */
  const shrink = (from: unknown, short: boolean): Minimised => {
    const m = minimiseFailure({
      target, arbitrary, caseSeed, original: from, failure: hang, collectors: [], interrupted,
      budget: { maxRuns: budget.maxRuns - tries, maxMs: budget.maxMs - (Date.now() - start) },
      reducerOnly: true,
      onImprove: (c: unknown) => {
        accepted.push(c);
        // Only cases known to hang for the full timeout are handed out (they may be written as the reproducer).
        if (!short) onImprove?.(c);
      },
      runCandidate: (cand) => {
        if (!(short ? hangs(cand, timeFor(cand), true) : hangs(cand, candidateTimeoutMs))) return;
        reproduced = true;
        throw hang;
      },
    });
    tries += m.tries;
    return { ...m, tries };
  };
  try {
    const m = shrink(original, target.hangBudgetMs !== undefined);
    if (target.hangBudgetMs === undefined) return { ...m, reproduced };
    if (interrupted()) return { ...m, case: original, reproduced };
    // Confirm with the full timeout, latest first: on a heavily loaded machine a candidate can
    // outlive its own time without hanging.
    let confirmed = original;
    for (let i = accepted.length - 1; i >= 0; i--) {
      if (interrupted()) return { ...m, case: original, reproduced };
      if (!hangs(accepted[i], candidateTimeoutMs)) continue;
      if (i === accepted.length - 1) {
        onImprove?.(accepted[i]);
        return { ...m, case: accepted[i], reproduced };
      }
      confirmed = accepted[i];
      break;
    }
    // Some accepted case did not hang: go on from the last one that does, every candidate on the full timeout.
    if (confirmed !== original) onImprove?.(confirmed);
    return { ...shrink(confirmed, false), reproduced };
  } finally {
    runner.dispose();
  }
}
