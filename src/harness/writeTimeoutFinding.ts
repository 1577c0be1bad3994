import * as path from 'node:path';
import fc from 'fast-check';
import { caseSeed } from './caseSeed';
import type { FindingRecord, FuzzSessionConfig } from './fuzzSession';
import { resolveCollectors } from './resolveCollectors';
import { replayCommand, reproducerFileName, REPRODUCER_FORMAT, REPRODUCER_VERSION, writeReproducer } from './reproducer';
import { globalRunIndex } from './shard';
import { getTarget } from './targetRegistry';

/**
 * The finding for a case that did not finish within the session's case timeout (oracle
 * `timeout`): a collector or barrier that loops, e.g. a cycle in a free list or a trace that never
 * ends. The hung thread cannot report it, so the session regenerates the case from
 * `caseSeed(seed, run)` (the same case the worker ran) and writes the reproducer itself. It is not
 * minimised: every candidate would need its own thread and timeout. `replay` runs it under the same
 * timeout.
 */
export function writeTimeoutFinding(cfg: FuzzSessionConfig, localRun: number, timeoutSeconds: number): FindingRecord {
  const target = getTarget(cfg.target);
  const selection = resolveCollectors(cfg.collector);
  const run = globalRunIndex(cfg.shard, localRun);
  const seed = caseSeed(cfg.seed, run);
  const c = fc.sample(target.arbitrary(cfg.targetOptions), { seed, numRuns: 1 })[0];
  const names = selection.collectors.map((x) => x.name);
  const collector = names.length === 1 ? names[0]! : 'all';
  const file = path.resolve(cfg.outDir, reproducerFileName(target.name, collector, 'timeout', cfg.seed, run));
  const replay = replayCommand(file);
  const message = `[timeout] ${names.join(',')}: the case did not finish within ${timeoutSeconds} s`;
  const size = target.size(c);
  writeReproducer(file, {
    format: REPRODUCER_FORMAT,
    version: REPRODUCER_VERSION,
    target: target.name,
    collector,
    collectors: names,
    collectorPaths: selection.paths,
    seed: cfg.seed,
    run,
    caseSeed: seed,
    oracle: 'timeout',
    opIndex: -1,
    message,
    minimised: false,
    originalSize: size,
    size,
    replay,
    case: target.serialise(c),
  });
  return { oracle: 'timeout', collector, seed: cfg.seed, run, message, reproducer: file, replay, originalSize: size, size };
}
