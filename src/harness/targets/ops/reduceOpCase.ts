import type { Op, OpCase } from '../../../gen/ops/opCase';
import { fixupOpCase } from '../../../gen/ops/fixupOpCase';
import { declarationOf } from '../../../cases/ops/opDeclarations';

/**
 * Smaller variants of a failing op case, most aggressive first, for the minimiser's greedy pass
 * after fast-check's shrinking: delete chunks of ops (halves down to single ops, as ddmin does),
 * then simplify ops in place (each declaration's `simplify`: sliced collections become full ones,
 * abandoned ones disappear, slice counts drop, allocations lose their initial values, bulk ranges
 * halve), then turn zeal off. Every variant goes through `fixupOpCase`, so deleting an
 * op that made a handle simply re-resolves the ops after it.
 */
export function* reduceOpCase(c: OpCase): Iterable<OpCase> {
  const ops = c.ops;
  const n = ops.length;
  for (let chunk = Math.max(1, n >> 1); chunk >= 1; chunk = chunk >> 1) {
    for (let start = n - chunk; start >= 0; start -= chunk) yield withOps(c, [...ops.slice(0, start), ...ops.slice(start + chunk)]);
    if (chunk === 1) break;
  }
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    for (const simpler of declarationOf(op.op)!.simplify?.(op) ?? []) yield withOps(c, [...ops.slice(0, i), simpler, ...ops.slice(i + 1)]);
  }
  const z = c.config.zeal;
  if (z.gcEveryNAllocs !== 0) yield fixupOpCase({ ...c, config: { ...c.config, zeal: { ...z, gcEveryNAllocs: 0 } } });
  if (z.poison) yield fixupOpCase({ ...c, config: { ...c.config, zeal: { ...z, poison: false } } });
  if (z.checks) yield fixupOpCase({ ...c, config: { ...c.config, zeal: { ...z, checks: false } } });
}

function withOps(c: OpCase, ops: readonly Op[]): OpCase {
  return fixupOpCase({ ...c, ops });
}
