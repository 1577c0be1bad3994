import type { Op, OpCase } from '../../../gen/ops/opCase';
import { fixupOpCase } from '../../../gen/ops/fixupOpCase';

/**
 * Smaller variants of a failing op case, most aggressive first, for the minimiser's greedy pass
 * after fast-check's shrinking: delete chunks of ops (halves down to single ops, as ddmin does),
 * then simplify ops in place (sliced collections become full ones, abandoned ones disappear,
 * slice counts drop, allocations lose their initial values, bulk ranges halve), then turn zeal off. Every variant goes through `fixupOpCase`, so deleting an
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
    for (const simpler of simplerOps(op)) yield withOps(c, [...ops.slice(0, i), simpler, ...ops.slice(i + 1)]);
  }
  const z = c.config.zeal;
  if (z.gcEveryNAllocs !== 0) yield fixupOpCase({ ...c, config: { ...c.config, zeal: { ...z, gcEveryNAllocs: 0 } } });
  if (z.poison) yield fixupOpCase({ ...c, config: { ...c.config, zeal: { ...z, poison: false } } });
  if (z.checks) yield fixupOpCase({ ...c, config: { ...c.config, zeal: { ...z, checks: false } } });
}

function simplerOps(op: Op): Op[] {
  switch (op.op) {
    case 'gcSliced': return op.slices > 0 ? [{ op: 'gc' }, { op: 'gcSliced', slices: op.slices >> 1 }] : [{ op: 'gc' }];
    case 'gcAbandon': return op.slices > 0 ? [{ op: 'gcAbandon', slices: op.slices >> 1 }] : [];
    case 'pushFrame': return op.args.length > 0 || op.locals > 0 ? [{ op: 'pushFrame', args: op.args.slice(0, -1), locals: 0 }] : [];
    case 'read': return op.keep !== 'no' ? [{ ...op, keep: 'no' }] : [];
    case 'newStructInit': return [{ op: 'newStruct', type: op.type, owned: op.owned }];
    case 'newArrayInit': return [{ op: 'newArray', type: op.type, len: op.len, owned: op.owned }, ...(op.len > 0 ? [{ ...op, len: op.len >> 1 }] : [])];
    case 'newArrayFixed': return [{ op: 'newArray', type: op.type, len: op.vals.length, owned: op.owned }, ...(op.vals.length > 0 ? [{ ...op, vals: op.vals.slice(0, -1) }] : [])];
    case 'tableFill':
    case 'tableGrow':
    case 'arrayFill':
    case 'arrayCopy': return op.n > 0 ? [{ ...op, n: op.n >> 1 }] : [];
    default: return [];
  }
}

function withOps(c: OpCase, ops: readonly Op[]): OpCase {
  return fixupOpCase({ ...c, ops });
}
