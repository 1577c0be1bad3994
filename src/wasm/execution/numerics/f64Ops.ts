import { f64FlipSign, f64HiWord, f64NanOf1, f64NanOf2, f64WithSign } from './bits';

/**
 * f64 operators (spec 4.3.3 "Floating-Point Operations"). Operands and results are JS numbers
 * holding the float64. Arithmetic is IEEE 754 round-to-nearest-even, as JS's own. NaN results
 * follow the policy in ./bits (first NaN operand quietened, else the positive canonical NaN), set
 * through a bit scratch rather than left to the engine. abs/neg/copysign act on the sign bit only
 * (plain JS sign operations for non-NaN values, the bit scratch for NaNs), so NaN payloads pass
 * through them unchanged. Relational operators return an i32 1 or 0.
 */

const TWO_52 = 4503599627370496;

/** Spec 4.3.3 fadd. */
export function f64Add(a: number, b: number): number {
  const r = a + b;
  return r === r ? r : f64NanOf2(a, b);
}

/** Spec 4.3.3 fsub. */
export function f64Sub(a: number, b: number): number {
  const r = a - b;
  return r === r ? r : f64NanOf2(a, b);
}

/** Spec 4.3.3 fmul. */
export function f64Mul(a: number, b: number): number {
  const r = a * b;
  return r === r ? r : f64NanOf2(a, b);
}

/** Spec 4.3.3 fdiv. */
export function f64Div(a: number, b: number): number {
  const r = a / b;
  return r === r ? r : f64NanOf2(a, b);
}

/** Spec 4.3.3 fmin: NaN if either operand is; min(-0, +0) = -0. */
export function f64Min(a: number, b: number): number {
  const r = Math.min(a, b);
  return r === r ? r : f64NanOf2(a, b);
}

/** Spec 4.3.3 fmax: NaN if either operand is; max(-0, +0) = +0. */
export function f64Max(a: number, b: number): number {
  const r = Math.max(a, b);
  return r === r ? r : f64NanOf2(a, b);
}

/** Spec 4.3.3 fsqrt: correctly rounded; sqrt(-0) = -0; canonical NaN for negative operands. */
export function f64Sqrt(a: number): number {
  const r = Math.sqrt(a);
  if (r === r) return r;
  return a === a ? f64NanOf2(a, a) : f64NanOf1(a);
}

/** Spec 4.3.3 fceil. */
export function f64Ceil(a: number): number {
  return a === a ? Math.ceil(a) : f64NanOf1(a);
}

/** Spec 4.3.3 ffloor. */
export function f64Floor(a: number): number {
  return a === a ? Math.floor(a) : f64NanOf1(a);
}

/** Spec 4.3.3 ftrunc. */
export function f64Trunc(a: number): number {
  return a === a ? Math.trunc(a) : f64NanOf1(a);
}

/** Spec 4.3.3 fnearest: round to the nearest integer, ties to even; keeps the sign of zero results. */
export function f64Nearest(a: number): number {
  return a === a ? nearestNonNaN(a) : f64NanOf1(a);
}

/**
 * Round a non-NaN float to an integer, ties to even, keeping the operand's sign (so -0.5 gives -0).
 * Also exact for f32 values held in a double: the result is an integer of magnitude at most 2^24
 * or the operand itself.
 */
export function nearestNonNaN(a: number): number {
  if (a === 0) return a;
  const m = Math.abs(a);
  if (m >= TWO_52) return a; // already an integer, or infinite
  // In [2^52, 2^53) the double spacing is 1, so the addition rounds m to an integer, ties to even.
  const r = m + TWO_52 - TWO_52;
  return a < 0 ? -r : r;
}

/** Spec 4.3.3 fabs: clears the sign bit, NaN payload kept. */
export function f64Abs(a: number): number {
  return a === a ? Math.abs(a) : f64WithSign(a, 0);
}

/** Spec 4.3.3 fneg: flips the sign bit, NaN payload kept. */
export function f64Neg(a: number): number {
  return a === a ? -a : f64FlipSign(a);
}

/** Spec 4.3.3 fcopysign: a's bits with b's sign bit. */
export function f64Copysign(a: number, b: number): number {
  if (a === a && b === b) {
    const m = Math.abs(a);
    return b < 0 || (b === 0 && 1 / b < 0) ? -m : m;
  }
  return f64WithSign(a, f64HiWord(b));
}

/** Spec 4.3.3 feq (result i32). */
export function f64Eq(a: number, b: number): number {
  return a === b ? 1 : 0;
}

/** Spec 4.3.3 fne (result i32): 1 when either operand is NaN. */
export function f64Ne(a: number, b: number): number {
  return a !== b ? 1 : 0;
}

/** Spec 4.3.3 flt (result i32). */
export function f64Lt(a: number, b: number): number {
  return a < b ? 1 : 0;
}

/** Spec 4.3.3 fgt (result i32). */
export function f64Gt(a: number, b: number): number {
  return a > b ? 1 : 0;
}

/** Spec 4.3.3 fle (result i32). */
export function f64Le(a: number, b: number): number {
  return a <= b ? 1 : 0;
}

/** Spec 4.3.3 fge (result i32). */
export function f64Ge(a: number, b: number): number {
  return a >= b ? 1 : 0;
}
