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
}

/**
 * Re-run a reproducer on the collectors it names (external ones from their recorded paths).
 * A corrupt file, unknown target or unloadable collector throws UsageError (exit 2); otherwise
 * the outcome says whether it still fails (exit 1) or is fixed (exit 0).
 */
export function replayReproducer(file: string): ReplayOutcome {
  const r = isModuleFile(file) ? reproducerForModuleFile(file) : readReproducer(file);
  const target = getTarget(r.target);
  const c = target.deserialise(r.case);
  const collectors = resolveCollectorList(r.collectors, r.collectorPaths);
  try {
    runCase(target, c, collectors);
    return { reproducer: r, failure: null };
  } catch (e) {
    if (e instanceof OracleFailure) return { reproducer: r, failure: e };
    throw e;
  }
}
