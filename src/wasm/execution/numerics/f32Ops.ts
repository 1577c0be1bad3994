import { f32FromBits, f32NanOf1, f32NanOf2, f32ToBits } from './bits';
import { nearestNonNaN } from './f64Ops';

/**
 * f32 operators (spec 4.3.3 "Floating-Point Operations"). Operands and results are raw u32 bit
 * patterns. Arithmetic is done on the exact double values and rounded once to f32 (ties to even);
 * for +, -, *, / and sqrt that is the correctly rounded f32 result, since double has more than
 * 2*24+2 significand bits. NaN results follow the policy in ./bits (first NaN operand quietened,
 * else the positive canonical NaN). abs/neg/copysign are pure bit operations, so signalling NaNs
 * and payloads pass through them unchanged. Relational operators return an i32 1 or 0.
 */

/** Spec 4.3.3 fadd. */
export function f32Add(a: number, b: number): number {
  const r = f32FromBits(a) + f32FromBits(b);
  return r === r ? f32ToBits(r) : f32NanOf2(a, b);
}

/** Spec 4.3.3 fsub. */
export function f32Sub(a: number, b: number): number {
  const r = f32FromBits(a) - f32FromBits(b);
  return r === r ? f32ToBits(r) : f32NanOf2(a, b);
}

/** Spec 4.3.3 fmul. */
export function f32Mul(a: number, b: number): number {
  const r = f32FromBits(a) * f32FromBits(b);
  return r === r ? f32ToBits(r) : f32NanOf2(a, b);
}

/** Spec 4.3.3 fdiv. */
export function f32Div(a: number, b: number): number {
  const r = f32FromBits(a) / f32FromBits(b);
  return r === r ? f32ToBits(r) : f32NanOf2(a, b);
}

/** Spec 4.3.3 fmin: NaN if either operand is; min(-0, +0) = -0. */
export function f32Min(a: number, b: number): number {
  const r = Math.min(f32FromBits(a), f32FromBits(b));
  return r === r ? f32ToBits(r) : f32NanOf2(a, b);
}

/** Spec 4.3.3 fmax: NaN if either operand is; max(-0, +0) = +0. */
export function f32Max(a: number, b: number): number {
  const r = Math.max(f32FromBits(a), f32FromBits(b));
  return r === r ? f32ToBits(r) : f32NanOf2(a, b);
}

/** Spec 4.3.3 fsqrt: correctly rounded; sqrt(-0) = -0; canonical NaN for negative operands. */
export function f32Sqrt(a: number): number {
  const x = f32FromBits(a);
  const r = Math.sqrt(x);
  if (r === r) return f32ToBits(r);
  return x === x ? f32NanOf2(a, a) : f32NanOf1(a);
}

/** Spec 4.3.3 fceil. */
export function f32Ceil(a: number): number {
  const x = f32FromBits(a);
  return x === x ? f32ToBits(Math.ceil(x)) : f32NanOf1(a);
}

/** Spec 4.3.3 ffloor. */
export function f32Floor(a: number): number {
  const x = f32FromBits(a);
  return x === x ? f32ToBits(Math.floor(x)) : f32NanOf1(a);
}

/** Spec 4.3.3 ftrunc. */
export function f32Trunc(a: number): number {
  const x = f32FromBits(a);
  return x === x ? f32ToBits(Math.trunc(x)) : f32NanOf1(a);
}

/** Spec 4.3.3 fnearest: round to the nearest integer, ties to even; keeps the sign of zero results. */
export function f32Nearest(a: number): number {
  const x = f32FromBits(a);
  return x === x ? f32ToBits(nearestNonNaN(x)) : f32NanOf1(a);
}

/** Spec 4.3.3 fabs: clears the sign bit, NaN payload kept. */
export function f32Abs(a: number): number {
  return a & 0x7fffffff;
}

/** Spec 4.3.3 fneg: flips the sign bit, NaN payload kept. */
export function f32Neg(a: number): number {
  return (a ^ 0x80000000) >>> 0;
}

/** Spec 4.3.3 fcopysign: a's bits with b's sign bit. */
export function f32Copysign(a: number, b: number): number {
  return ((a & 0x7fffffff) | (b & 0x80000000)) >>> 0;
}

/** Spec 4.3.3 feq (result i32). */
export function f32Eq(a: number, b: number): number {
  return f32FromBits(a) === f32FromBits(b) ? 1 : 0;
}

/** Spec 4.3.3 fne (result i32): 1 when either operand is NaN. */
export function f32Ne(a: number, b: number): number {
  return f32FromBits(a) !== f32FromBits(b) ? 1 : 0;
}

/** Spec 4.3.3 flt (result i32). */
export function f32Lt(a: number, b: number): number {
  return f32FromBits(a) < f32FromBits(b) ? 1 : 0;
}

/** Spec 4.3.3 fgt (result i32). */
export function f32Gt(a: number, b: number): number {
  return f32FromBits(a) > f32FromBits(b) ? 1 : 0;
}

/** Spec 4.3.3 fle (result i32). */
export function f32Le(a: number, b: number): number {
  return f32FromBits(a) <= f32FromBits(b) ? 1 : 0;
}

/** Spec 4.3.3 fge (result i32). */
export function f32Ge(a: number, b: number): number {
  return f32FromBits(a) >= f32FromBits(b) ? 1 : 0;
}
