import * as path from 'node:path';
import fc from 'fast-check';
import { caseSeed } from './caseSeed';
import type { AnyFuzzTarget } from './fuzzTarget';
import type { FindingRecord, FuzzSessionConfig } from './fuzzSession';
import { resolveCollectors } from './resolveCollectors';
import { replayCommand, reproducerFileName, REPRODUCER_FORMAT, REPRODUCER_VERSION, writeReproducer, type Reproducer } from './reproducer';
import { globalRunIndex } from './shard';
import { getTarget } from './targetRegistry';
import { minimiseFailure, type MinimiseBudget, type Minimised } from './minimiseFailure';
import { SyncCaseRunner } from './syncCaseRunner';
import { OracleFailure } from '../../oracles/OracleFailure';

/** Where a hung case came from: a seeded run (seed, run, caseSeed) or, with -1s, a fuzzer's bytes. */
export interface HangOrigin {
  readonly seed: number;
  readonly run: number;
  readonly caseSeed: number;
}

/**
 * The reproducer of a case that did not finish in time (oracle `timeout`), as given (see
 * minimiseHang for shrinking it). `collectorSpec` is what the session ran (`all`, a name or a
 * module path); `why` ends the message. `replay` reruns it under a timeout.
 */
export function timeoutReproducer(target: AnyFuzzTarget, collectorSpec: string, c: unknown, origin: HangOrigin, why: string, replay: string): Reproducer {
  const selection = resolveCollectors(collectorSpec);
  const names = selection.collectors.map((x) => x.name);
  const size = target.size(c);
  return {
    format: REPRODUCER_FORMAT,
    version: REPRODUCER_VERSION,
    target: target.name,
    collector: collectorNameOf(names),
    collectors: names,
    collectorPaths: selection.paths,
    ...origin,
    oracle: 'timeout',
    opIndex: -1,
    message: `[timeout] ${names.join(',')}: ${why}`,
    minimised: false,
    originalSize: size,
    size,
    replay,
    case: target.serialise(c),
  };
}

/** The collector a timeout is filed under: the one collector run, or `all`. */
export function timeoutCollectorName(collectorSpec: string): string {
  return collectorNameOf(resolveCollectors(collectorSpec).collectors.map((x) => x.name));
}

function collectorNameOf(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : 'all';
}

/**
 * The finding for a seeded case that did not finish within the session's case timeout: a
 * collector or barrier that loops, e.g. a cycle in a free list or a trace that never ends. The
 * hung thread cannot report it, so the session regenerates the case from `caseSeed(seed, run)`
 * (the same case the worker ran) and writes the reproducer itself, then shrinks it (minimiseHang)
 * and rewrites it.
 */
export function writeTimeoutFinding(cfg: FuzzSessionConfig, localRun: number, timeoutSeconds: number, interrupted?: () => boolean): FindingRecord {
  const target = getTarget(cfg.target);
  const run = globalRunIndex(cfg.shard, localRun);
  const seed = caseSeed(cfg.seed, run);
  const c = fc.sample(target.arbitrary(cfg.targetOptions), { seed, numRuns: 1 })[0];
  const collector = timeoutCollectorName(cfg.collector);
  const file = path.resolve(cfg.outDir, reproducerFileName(target.name, collector, 'timeout', cfg.seed, run));
  const replay = replayCommand(file);
  const origin = { seed: cfg.seed, run, caseSeed: seed };
  const why = `the case did not finish within ${timeoutSeconds} s`;
  const r = timeoutReproducer(target, cfg.collector, c, origin, why, replay);
  writeReproducer(file, r);
  const m = minimiseHang(target, cfg.collector, c, target.arbitrary(cfg.targetOptions), seed, cfg.minimise, Math.min(timeoutSeconds, HANG_CANDIDATE_SECONDS) * 1000, interrupted);
  const small = { ...timeoutReproducer(target, cfg.collector, m.case, origin, why, replay), originalSize: r.originalSize, minimised: m.reproduced };
  writeReproducer(file, small);
  return { oracle: 'timeout', collector, seed: cfg.seed, run, message: small.message, reproducer: file, replay, originalSize: small.originalSize, size: small.size };
}

/**
 * How long a shrinking candidate may run before it counts as still hanging. Cases take
 * milliseconds (Wasm ones are fuel-bounded), so a couple of seconds tells a hang from a slow case.
 */
export const HANG_CANDIDATE_SECONDS = 2;

/**
 * Shrinks a case that hangs, as minimiseFailure shrinks any finding, running each candidate in a
 * SyncCaseRunner thread: a candidate still running after `candidateTimeoutMs` is still the bug
 * (other failures count as passes). Each accepted step costs the timeout, so hang reproducers take
 * tens of seconds to shrink; the budget bounds it. `reproduced` says whether any candidate hung
 * (if none did, the case comes back as given).
 */
export function minimiseHang(
  target: AnyFuzzTarget,
  collectorSpec: string,
  original: unknown,
  arbitrary: fc.Arbitrary<unknown>,
  caseSeed: number,
  budget: MinimiseBudget,
  candidateTimeoutMs: number,
  interrupted?: () => boolean,
): Minimised & { readonly reproduced: boolean } {
  const runner = new SyncCaseRunner(target.name, collectorSpec);
  const hang = new OracleFailure('timeout', -1, 'the case to finish', `still running after ${candidateTimeoutMs / 1000} s`);
  let reproduced = false;
  try {
    const m = minimiseFailure({
      target, arbitrary, caseSeed, original, failure: hang, collectors: [], budget,
      ...(interrupted !== undefined ? { interrupted } : {}),
      runCandidate: (cand) => {
        if (runner.run(target.serialise(cand), candidateTimeoutMs) !== 'timeout') return;
        reproduced = true;
        throw hang;
      },
    });
    return { ...m, reproduced };
  } finally {
    runner.dispose();
  }
}
