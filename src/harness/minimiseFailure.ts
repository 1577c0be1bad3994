import fc from 'fast-check';
import type { GcRuntime } from '../runtime/gcHeap';
import { OracleFailure } from '../../oracles/OracleFailure';
import type { AnyFuzzTarget } from './fuzzTarget';
import { runCase } from './runCase';

export interface MinimiseBudget {
  /** Case executions allowed over both phases (deterministic bound). */
  readonly maxRuns: number;
  /** Wall-clock bound (ms), a safety net only. */
  readonly maxMs: number;
}

export interface Minimised {
  readonly case: unknown;
  readonly failure: OracleFailure;
  readonly tries: number;
}

/**
 * Shrink a failing case while it keeps failing the SAME oracle on the same collector: first
 * fast-check's own shrinking (re-generating the case from its seed with `fc.check`, so it walks
 * the arbitrary's shrink tree), then the target's `reduce` variants, greedily, restarting after
 * each success (ddmin-like op deletion for op streams). Failures of other oracles count as passes,
 * so the reproducer never drifts to a different bug. A target's `shrinkPatience` ends fast-check's
 * part after that many passing candidates in a row. Deterministic for a given `maxRuns` unless
 * the time bound cuts it short.
 */
export function minimiseFailure(args: {
  readonly target: AnyFuzzTarget;
  readonly arbitrary: fc.Arbitrary<unknown>;
  readonly caseSeed: number;
  readonly original: unknown;
  readonly failure: OracleFailure;
  readonly collectors: readonly GcRuntime[];
  readonly budget: MinimiseBudget;
  /** Stop early (SIGINT): the best case so far is returned. */
  readonly interrupted?: () => boolean;
  /** How a candidate is run (throwing its OracleFailure); default `runCase` on `collectors` in this thread. */
  readonly runCandidate?: (c: unknown) => void;
  /**
   * Skip fast-check's shrinking and go straight to the target's `reduce` (when it has one): for a
   * hang, where every accepted step costs a timeout, the structural reducer's bigger steps are cheaper.
   */
  readonly reducerOnly?: boolean;
  /** Called with each new best case (e.g. to write it, when minimisation may be killed). */
  readonly onImprove?: (c: unknown, f: OracleFailure) => void;
}): Minimised {
  const { target, failure, collectors, budget } = args;
  const start = Date.now();
  let tries = 0;
  const exhausted = (): boolean => tries >= budget.maxRuns || Date.now() - start > budget.maxMs || args.interrupted?.() === true;
  const sameFailure = (c: unknown): OracleFailure | null => {
    tries++;
    try {
      if (args.runCandidate !== undefined) args.runCandidate(c);
      else runCase(target, c, collectors);
      return null;
    } catch (e) {
      if (e instanceof OracleFailure && e.oracle === failure.oracle && (failure.collector === null || e.collector === failure.collector)) return e;
      return null;
    }
  };

  let best = args.original;
  let bestFailure = failure;
  const patience = target.reduce !== undefined ? (target.shrinkPatience ?? Infinity) : Infinity;
  let idle = 0;
  const property = fc.property(args.arbitrary, (c) => {
    if (exhausted() || idle >= patience) return true;
    const f = sameFailure(c);
    if (f === null) {
      idle++;
      return true;
    }
    idle = 0;
    if (target.size(c) <= target.size(best)) {
      const smaller = target.size(c) < target.size(best);
      best = c;
      bestFailure = f;
      if (smaller) args.onImprove?.(best, bestFailure);
    }
    throw f;
  });
  if (args.reducerOnly !== true || target.reduce === undefined) fc.check(property, { seed: args.caseSeed, numRuns: 1 });

  if (target.reduce !== undefined) {
    let improved = true;
    while (improved && !exhausted()) {
      improved = false;
      for (const cand of target.reduce(best)) {
        if (exhausted()) break;
        const f = sameFailure(cand);
        if (f !== null) {
          best = cand;
          bestFailure = f;
          improved = true;
          args.onImprove?.(best, bestFailure);
          break;
        }
      }
    }
  }
  return { case: best, failure: bestFailure, tries };
}
