import type { OpDeclaration } from './opDeclaration';
import { smallIndex, refValueFromBytes } from '../../gen/ops/opBytes';
import type { RefValue } from '../../gen/ops/opCase';
import { asRecord, nat } from '../../gen/ops/fixupValues';
import { refOperand } from '../../harness/targets/ops/opOperands';
import { OK } from '../../../oracles/observation';

/**
 * `table.fill t` (spec 4.4.6): elements [i, i + n) of table t get `val`, each through the write
 * barrier, null included (Wasmtime #14325 bypassed it for null). Traps "out of bounds table
 * access", writing nothing, when i + n passes the current size. `val` is read first; if that
 * read faults, the fault is the outcome and nothing is written.
 */
export interface TableFillOp {
  readonly op: 'tableFill';
  readonly t: number;
  readonly i: number;
  readonly n: number;
  readonly val: RefValue;
}

export const tableFill: OpDeclaration<TableFillOp> = {
  kind: 'tableFill',
  weight: 2,
  fromBytes: (r) => ({ op: 'tableFill', t: r.int(3), i: smallIndex(r), n: smallIndex(r), val: refValueFromBytes(r) }),
  /** Ranges may pass the end by a little: that is a trap the model predicts, not an invalid case. */
  fixup(raw, shape) {
    if (shape.tables.length === 0) return undefined;
    const t = nat(raw['t']) % shape.tables.length;
    const size = shape.tableSizes[t]!;
    const val = shape.refValue(asRecord(raw['val']), shape.tables[t]!.elem).value;
    return { op: 'tableFill', t, i: nat(raw['i']) % (size + 1), n: nat(raw['n']) % (size + 2), val };
  },
  /** `TableInstance.fill`, the interpreter's own path. */
  run(x, op) {
    const v = refOperand(x, op.val, 'tableFill');
    if (v === undefined) return;
    const table = x.tableAt(op.t, 0);
    const got = x.attempt(() => table.fill(x.store.heap, x.store.hostData, op.i, v.raw, op.n));
    const m = x.model;
    const fault = m === null ? null : m.tableFill(op.t, op.i, op.n, v.mv);
    if (!x.outcome(got, 'tableFill', fault)) return;
    x.obs(OK);
  },
  simplify: (op) => (op.n > 0 ? [{ ...op, n: op.n >> 1 }] : []),
};
