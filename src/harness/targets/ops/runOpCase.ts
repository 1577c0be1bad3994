import type { OpCase } from '../../../gen/ops/opCase';
import { OpRunner } from './opRunner';
import type { OpRunOptions, OpRunResult } from './opRunMode';

export type { OpRunMode, OpRunOptions, OpRunResult } from './opRunMode';

/**
 * Runs one op case on one collector in the given mode (opRunMode.ts): the lock-step runner
 * (opRunner.ts) with each op's declaration (src/cases/ops). Throws OracleFailure on the first
 * disagreement.
 */
export function runOpCase(c: OpCase, options: OpRunOptions): OpRunResult {
  return new OpRunner(c, options).run();
}
