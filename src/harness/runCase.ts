import type { GcRuntime } from '../runtime/gcHeap';
import { OracleFailure } from '../../oracles/OracleFailure';
import { describeError } from '../../oracles/classifyRuntimeError';
import { KnownEngineBug } from '../../oracles/engines/KnownEngineBug';
import type { AnyFuzzTarget, TargetRunStats } from './fuzzTarget';

/**
 * Run one case through a target; every failure comes back as an OracleFailure (an exception no
 * oracle classified becomes oracle 'crash', so it is reported and minimised like any finding).
 * A KnownEngineBug (a reference engine contradicting itself) passes through: it is not a finding.
 */
export function runCase(target: AnyFuzzTarget, c: unknown, collectors: readonly GcRuntime[]): TargetRunStats {
  try {
    return target.run(c, collectors);
  } catch (e) {
    if (e instanceof OracleFailure || e instanceof KnownEngineBug) throw e;
    throw new OracleFailure('crash', -1, 'no exception', describeError(e), e instanceof Error && e.stack !== undefined ? e.stack.split('\n').slice(1, 4).join(' | ') : '');
  }
}
