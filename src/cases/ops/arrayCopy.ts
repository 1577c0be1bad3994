import type { OpDeclaration } from './opDeclaration';
import { recentIndex, smallIndex } from '../../gen/ops/opBytes';
import { OP_CASE_LIMITS as L } from '../../gen/ops/opCaseLimits';
import { isRefSubtype } from '../../gen/ops/isRefSubtype';
import { nat } from '../../gen/ops/fixupValues';
import { arrayCopyRange } from '../../wasm/execution/arrayBulkOps';
import { OK } from '../../../oracles/observation';

/**
 * `array.copy` (spec 4.4.7): elements [s, s + n) of the array in handle `src` to [d, d + n) of
 * the one in handle `dst` (possibly the same array, ranges overlapping: memmove order), through
 * `arraySet`. Traps as `arrayFill` does, for either array.
 */
export interface ArrayCopyOp {
  readonly op: 'arrayCopy';
  readonly dst: number;
  readonly d: number;
  readonly src: number;
  readonly s: number;
  readonly n: number;
}

export const arrayCopy: OpDeclaration<ArrayCopyOp> = {
  kind: 'arrayCopy',
  weight: 2,
  fromBytes: (r) => {
    // Half the time within one array (src = dst) with ranges one or two elements apart: the overlapping case that needs memmove order.
    if (r.bit()) {
      const h = recentIndex(r);
      const s = r.int(4);
      const shift = r.pick([-2, -1, 1, 2]);
      return { op: 'arrayCopy', dst: h, d: Math.max(0, s + shift), src: h, s, n: r.range(1, 5) };
    }
    return { op: 'arrayCopy', dst: recentIndex(r), d: smallIndex(r), src: recentIndex(r), s: smallIndex(r), n: smallIndex(r) };
  },
  /** The source's element storage must match the destination's (array.copy validation: refs by subtyping). */
  fixup(raw, shape) {
    const dst = shape.pickHandle(raw['dst'], (s) => shape.arrayElem(s.ty) !== undefined);
    if (dst === undefined) return undefined;
    const dhs = shape.handle(dst);
    const de = shape.arrayElem(dhs.ty)!.storage;
    // The destination itself always qualifies, so a source is always found.
    const src = shape.pickHandle(raw['src'], (s) => {
      const se = shape.arrayElem(s.ty)?.storage;
      if (se === undefined) return false;
      if (typeof se === 'string' || typeof de === 'string') return se === de;
      return isRefSubtype(shape.types, se.heap, de.heap);
    })!;
    const shs = shape.handle(src);
    const bd = dhs.len ?? L.unknownLengthIndexBound;
    const bs = shs.len ?? L.unknownLengthIndexBound;
    return { op: 'arrayCopy', dst, d: nat(raw['d']) % (bd + 1), src, s: nat(raw['s']) % (bs + 1), n: nat(raw['n']) % (Math.max(bd, bs) + 2) };
  },
  /** `arrayCopyRange`, the interpreter's path (memmove order within one array). */
  run(x, op) {
    const dst = x.handleAt(op.dst);
    const src = x.handleAt(op.src);
    const got = x.attempt(() => arrayCopyRange(x.store.heap, x.store.hostData, x.store.get(dst), op.d, x.store.get(src), op.s, op.n));
    const m = x.model;
    const fault = m === null ? null : m.arrayCopy(op.dst, op.d, op.src, op.s, op.n);
    if (!x.outcome(got, 'arrayCopy', fault)) return;
    x.obs(OK);
  },
  simplify: (op) => (op.n > 0 ? [{ ...op, n: op.n >> 1 }] : []),
};
