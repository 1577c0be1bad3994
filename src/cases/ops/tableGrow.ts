import type { OpDeclaration } from './opDeclaration';
import { growth, refValueFromBytes } from '../../gen/ops/opBytes';
import type { RefValue } from '../../gen/ops/opCase';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { asRecord, nat } from '../../gen/ops/fixupValues';
import { NULL_VALUE } from '../../gen/ops/fixupShape';
import { refOperand } from '../../harness/targets/ops/opOperands';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { obsNum } from '../../../oracles/observation';

/**
 * `table.grow t` (spec 4.4.6): n new elements set to `val` through the write barrier; yields the
 * old size, or -1 (nothing written) past the table's maximum. `val` is null, an i31 or a handle's
 * value, so it never faults and fixup knows every table's size statically.
 */
export interface TableGrowOp {
  readonly op: 'tableGrow';
  readonly t: number;
  readonly n: number;
  readonly val: RefValue;
}

export const tableGrow: OpDeclaration<TableGrowOp> = {
  kind: 'tableGrow',
  weight: 1,
  fromBytes: (r) => ({ op: 'tableGrow', t: r.int(3), n: growth(r), val: refValueFromBytes(r) }),
  fixup(raw, shape) {
    if (shape.tables.length === 0) return undefined;
    const t = nat(raw['t']) % shape.tables.length;
    const n = nat(raw['n']) % (L.tableMaximum + 1);
    const v = asRecord(raw['val']);
    const val = v['v'] === 'slot' && asRecord(v['slot'])['s'] !== 'handle' ? NULL_VALUE : shape.refValue(v, shape.tables[t]!.elem).value;
    if (shape.tableSizes[t]! + n <= L.tableMaximum) shape.tableSizes[t]! += n;
    return { op: 'tableGrow', t, n, val };
  },
  /** Spec 4.5.3.7 growtable: `TableInstance.grow`, as the interpreter's `table.grow` runs it. */
  run(x, op) {
    const v = refOperand(x, op.val, 'tableGrow');
    if (v === undefined) return;
    const table = x.tableAt(op.t, 0);
    const got = x.attempt(() => table.grow(x.store.heap, x.store.hostData, op.n, v.raw));
    const m = x.model;
    const want = m?.tableGrow(op.t, op.n, v.mv);
    if (!x.outcome(got, 'tableGrow', null)) return;
    if (m !== null && got.value !== want) throw new OracleFailure('differential', x.opIndex, `table.grow to return ${String(want)}`, String(got.value), `table ${op.t} (reference model vs runtime)`);
    x.obs(obsNum(got.value));
  },
  simplify: (op) => (op.n > 0 ? [{ ...op, n: op.n >> 1 }] : []),
};
