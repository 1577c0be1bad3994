import type { OpCase } from '../../../gen/ops/opCase';
import { ResizableBufferArena, withBufferArena } from '../../../runtime/resizableArrayBuffer';
import { OpRunner } from './opRunner';
import type { OpRunOptions, OpRunResult } from './opRunMode';

export type { OpRunMode, OpRunOptions, OpRunResult } from './opRunMode';

/**
 * Runs one op case on one collector in the given mode (opRunMode.ts): the lock-step runner
 * (opRunner.ts) with each op's declaration (src/cases/ops). Throws OracleFailure on the first
 * disagreement.
 *
 * The run's heaps (its store's, the bystander's) take their buffers from an arena kept across
 * runs: nothing of a run outlives it (the result holds observations and strings, no heap), and a
 * fresh resizable buffer costs more than a short case (system calls to reserve and release the
 * maximum, page faults as the heap grows). `ResizableBufferArena` says why reuse cannot leak
 * state from one run into the next.
 */
export function runOpCase(c: OpCase, options: OpRunOptions): OpRunResult {
  return withBufferArena(arena, () => new OpRunner(c, options).run());
}

const arena = new ResizableBufferArena();
