import * as path from 'node:path';
import { OracleFailure } from '../../oracles/OracleFailure';
import { getTarget } from './targetRegistry';
import { resolveCollectorList } from './resolveCollectors';
import { readReproducer, type Reproducer } from './reproducer';
import { runCase } from './runCase';
import { isModuleFile, reproducerForModuleFile } from './targets/wasm/moduleFileReproducer';

export interface ReplayOutcome {
  readonly reproducer: Reproducer;
  /** null when every oracle now holds (fixed). */
  readonly failure: OracleFailure | null;
  /** The collectors it ran on (after `--collector`). */
  readonly ran: readonly string[];
}

/**
 * Re-run a reproducer on the collectors it names (external ones from their recorded paths,
 * relative to the reproducer's directory; `collector`, from `replay --collector`, replaces the
 * one the failure was seen on). The case must replay exactly as written (the target's
 * `validateExact`). A corrupt file, unknown target, a case that is not valid as written or an
 * unloadable collector throws (UsageError / CollectorLoadError: exit 2); otherwise the outcome
 * says whether it still fails (exit 1) or is fixed (exit 0).
 */
export function replayReproducer(file: string, collector?: string): ReplayOutcome {
  const r = isModuleFile(file) ? reproducerForModuleFile(file) : readReproducer(file);
  const target = getTarget(r.target);
  target.validateExact?.(r.case);
  const c = target.deserialise(r.case);
  const collectors = resolveCollectorList(r.collectors, r.collectorPaths, path.dirname(path.resolve(file)), collector !== undefined ? { failing: r.collector, spec: collector } : undefined);
  try {
    runCase(target, c, collectors);
    return { reproducer: r, failure: null, ran: collectors.map((x) => x.name) };
  } catch (e) {
    if (e instanceof OracleFailure) return { reproducer: r, failure: e, ran: collectors.map((x) => x.name) };
    throw e;
  }
}
