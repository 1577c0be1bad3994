import type { NumType } from '../../wasm/syntax/types';
import { deepOptions } from './deepOptions';
import type { BodyGen } from './genBody';
import { CANONICAL_NAN_F32, CANONICAL_NAN_F64_BITS, genNumConst } from './genConstValue';
import { i32Options } from './i32Options';
import { hasNondeterministicNaN, NUMERIC_OPS_BY_RESULT } from './numericOps';
import type { Option } from './option';

/** Emits instructions leaving one value of numeric type `t`; float results that may be NaN are canonicalised. */
export function genNumExpr(gen: BodyGen, t: NumType, d: number): void {
  const { c } = gen;
  const shallow = d <= 0 || gen.full;
  const options: Option[] = [[3, () => genNumConst(c, t, gen.out)], ...gen.getterOptions(t, 4)];
  if (!shallow) {
    options.push([8, () => numericOp(gen, t, d)]);
    options.push(...deepOptions(gen, t, d));
    if (t === 'i32') options.push(...i32Options(gen, d));
  }
  gen.choose(options);
}

function numericOp(gen: BodyGen, t: NumType, d: number): void {
  const e = gen.c.pick(NUMERIC_OPS_BY_RESULT[t]);
  const params = e.sig![0];
  for (const p of params) gen.expr(p, d - 1);
  // Integer division: usually force the divisor odd (non-zero), so fewer runs end in a trap.
  if (/^i(32|64)\.(div|rem)_/.test(e.name) && gen.c.chance(0.85)) {
    const p = params[1]!;
    if (p === 'i64') gen.op('i64.const', 1n);
    else gen.op('i32.const', 1);
    gen.op(`${p}.or`);
  }
  gen.op(e.name);
  if (hasNondeterministicNaN(e)) canonicaliseNaN(gen, t as 'f32' | 'f64');
}

/**
 * `x` -> `x == x ? x : canonical NaN`. The raw `x` passes through a hidden scratch local, which no
 * generated instruction reads outside this sequence, so its payload can never be observed.
 */
function canonicaliseNaN(gen: BodyGen, t: 'f32' | 'f64'): void {
  const tmp = gen.hiddenScratchLocal(t);
  gen.op('local.set', tmp);
  gen.op('local.get', tmp);
  if (t === 'f32') gen.op('f32.const', CANONICAL_NAN_F32);
  else gen.op('f64.const', CANONICAL_NAN_F64_BITS);
  gen.op('local.get', tmp);
  gen.op('local.get', tmp);
  gen.op(`${t}.eq`);
  gen.op('select');
}
