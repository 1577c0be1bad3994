import * as path from 'node:path';
import fc from 'fast-check';
import { caseSeed } from './caseSeed';
import type { AnyFuzzTarget } from './fuzzTarget';
import type { FindingRecord, FuzzSessionConfig } from './fuzzSession';
import { resolveCollectors } from './resolveCollectors';
import { replayCommand, reproducerFileName, REPRODUCER_FORMAT, REPRODUCER_VERSION, writeReproducer, type Reproducer } from './reproducer';
import { globalRunIndex } from './shard';
import { getTarget } from './targetRegistry';

/** Where a hung case came from: a seeded run (seed, run, caseSeed) or, with -1s, a fuzzer's bytes. */
export interface HangOrigin {
  readonly seed: number;
  readonly run: number;
  readonly caseSeed: number;
}

/**
 * The reproducer of a case that did not finish in time (oracle `timeout`), unminimised: every
 * shrinking candidate would need its own thread and timeout. `collectorSpec` is what the session
 * ran (`all`, a name or a module path); `why` ends the message. `replay` reruns it under a timeout.
 */
export function timeoutReproducer(target: AnyFuzzTarget, collectorSpec: string, c: unknown, origin: HangOrigin, why: string, replay: string): Reproducer {
  const selection = resolveCollectors(collectorSpec);
  const names = selection.collectors.map((x) => x.name);
  const size = target.size(c);
  return {
    format: REPRODUCER_FORMAT,
    version: REPRODUCER_VERSION,
    target: target.name,
    collector: timeoutCollectorName(collectorSpec),
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
  const names = resolveCollectors(collectorSpec).collectors.map((x) => x.name);
  return names.length === 1 ? names[0]! : 'all';
}

/**
 * The finding for a seeded case that did not finish within the session's case timeout: a
 * collector or barrier that loops, e.g. a cycle in a free list or a trace that never ends. The
 * hung thread cannot report it, so the session regenerates the case from `caseSeed(seed, run)`
 * (the same case the worker ran) and writes the reproducer itself.
 */
export function writeTimeoutFinding(cfg: FuzzSessionConfig, localRun: number, timeoutSeconds: number): FindingRecord {
  const target = getTarget(cfg.target);
  const run = globalRunIndex(cfg.shard, localRun);
  const seed = caseSeed(cfg.seed, run);
  const c = fc.sample(target.arbitrary(cfg.targetOptions), { seed, numRuns: 1 })[0];
  const collector = timeoutCollectorName(cfg.collector);
  const file = path.resolve(cfg.outDir, reproducerFileName(target.name, collector, 'timeout', cfg.seed, run));
  const replay = replayCommand(file);
  const r = timeoutReproducer(target, cfg.collector, c, { seed: cfg.seed, run, caseSeed: seed }, `the case did not finish within ${timeoutSeconds} s`, replay);
  writeReproducer(file, r);
  return { oracle: 'timeout', collector, seed: cfg.seed, run, message: r.message, reproducer: file, replay, originalSize: r.originalSize, size: r.size };
}
