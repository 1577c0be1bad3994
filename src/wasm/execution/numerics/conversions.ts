import { Trap } from '../../../errors/Trap';
import {
  f32FromBits, f32IsNaN, f32NanOf2, f32ToBits, f64FromI64Bits, f64FromWords, f64HiWord, f64LoWord, f64NanOf2,
  f64ToI64Bits, nanPolicyOverrides,
} from './bits';

/**
 * Conversions (spec 4.3.4 "Conversions"): wrap/extend, float-to-integer truncation (trapping and
 * saturating), integer-to-float conversion, demote/promote and reinterpret. Value representation
 * as everywhere: i32 signed number, i64 signed bigint, f32 u32 bit pattern, f64 number.
 *
 * Trapping truncation throws `Trap('invalid conversion to integer')` for NaN and
 * `Trap('integer overflow')` when the truncated value is outside the target range.
 */

const TWO_31 = 2147483648;
const TWO_32 = 4294967296;
const TWO_63 = 9223372036854775808;
const TWO_64 = 18446744073709551616;
const TWO_53N = 0x20000000000000n;
const I64_MIN = -0x8000000000000000n;
const I64_MAX = 0x7fffffffffffffffn;
/** u64 max as the i64 with the same bits. */
const U64_MAX_AS_I64 = -1n;

// --- Integer width changes ---------------------------------------------------------------------

/** Spec 4.3.4 wrap: the low 32 bits. */
export function i32WrapI64(a: bigint): number {
  return Number(BigInt.asIntN(32, a));
}

/** Spec 4.3.4 extend_s: sign-extend i32 to i64. */
export function i64ExtendI32S(a: number): bigint {
  return BigInt(a);
}

/** Spec 4.3.4 extend_u: zero-extend i32 to i64. */
export function i64ExtendI32U(a: number): bigint {
  return BigInt(a >>> 0);
}

// --- Trapping truncation (spec 4.3.4 trunc_s / trunc_u) ----------------------------------------

function truncChecked(x: number, lo: number, hiExclusive: number): number {
  if (x !== x) throw new Trap('invalid conversion to integer');
  const t = Math.trunc(x);
  if (t < lo || t >= hiExclusive) throw new Trap('integer overflow');
  return t;
}

/** Spec 4.3.4 trunc_s f32 -> i32: traps on NaN and outside [-2^31, 2^31). */
export function i32TruncF32S(a: number): number {
  return truncChecked(f32FromBits(a), -TWO_31, TWO_31) | 0;
}

/** Spec 4.3.4 trunc_u f32 -> i32: traps on NaN and when the truncation is outside [0, 2^32). */
export function i32TruncF32U(a: number): number {
  return truncChecked(f32FromBits(a), 0, TWO_32) | 0;
}

/** Spec 4.3.4 trunc_s f64 -> i32: traps on NaN and outside [-2^31, 2^31). */
export function i32TruncF64S(a: number): number {
  return truncChecked(a, -TWO_31, TWO_31) | 0;
}

/** Spec 4.3.4 trunc_u f64 -> i32: traps on NaN and when the truncation is outside [0, 2^32). */
export function i32TruncF64U(a: number): number {
  return truncChecked(a, 0, TWO_32) | 0;
}

/** Spec 4.3.4 trunc_s f32 -> i64: traps on NaN and outside [-2^63, 2^63). */
export function i64TruncF32S(a: number): bigint {
  return BigInt(truncChecked(f32FromBits(a), -TWO_63, TWO_63));
}

/** Spec 4.3.4 trunc_u f32 -> i64: traps on NaN and when the truncation is outside [0, 2^64). */
export function i64TruncF32U(a: number): bigint {
  return BigInt.asIntN(64, BigInt(truncChecked(f32FromBits(a), 0, TWO_64)));
}

/** Spec 4.3.4 trunc_s f64 -> i64: traps on NaN and outside [-2^63, 2^63). */
export function i64TruncF64S(a: number): bigint {
  return BigInt(truncChecked(a, -TWO_63, TWO_63));
}

/** Spec 4.3.4 trunc_u f64 -> i64: traps on NaN and when the truncation is outside [0, 2^64). */
export function i64TruncF64U(a: number): bigint {
  return BigInt.asIntN(64, BigInt(truncChecked(a, 0, TWO_64)));
}

// --- Saturating truncation (spec 4.3.4 trunc_sat_s / trunc_sat_u) ------------------------------

/** Spec 4.3.4 trunc_sat_s f32 -> i32: NaN gives 0, out-of-range values clamp. */
export function i32TruncSatF32S(a: number): number {
  return satI32S(f32FromBits(a));
}

/** Spec 4.3.4 trunc_sat_u f32 -> i32: NaN gives 0, out-of-range values clamp. */
export function i32TruncSatF32U(a: number): number {
  return satI32U(f32FromBits(a));
}

/** Spec 4.3.4 trunc_sat_s f64 -> i32: NaN gives 0, out-of-range values clamp. */
export function i32TruncSatF64S(a: number): number {
  return satI32S(a);
}

/** Spec 4.3.4 trunc_sat_u f64 -> i32: NaN gives 0, out-of-range values clamp. */
export function i32TruncSatF64U(a: number): number {
  return satI32U(a);
}

/** Spec 4.3.4 trunc_sat_s f32 -> i64: NaN gives 0, out-of-range values clamp. */
export function i64TruncSatF32S(a: number): bigint {
  return satI64S(f32FromBits(a));
}

/** Spec 4.3.4 trunc_sat_u f32 -> i64: NaN gives 0, out-of-range values clamp. */
export function i64TruncSatF32U(a: number): bigint {
  return satI64U(f32FromBits(a));
}

/** Spec 4.3.4 trunc_sat_s f64 -> i64: NaN gives 0, out-of-range values clamp. */
export function i64TruncSatF64S(a: number): bigint {
  return satI64S(a);
}

/** Spec 4.3.4 trunc_sat_u f64 -> i64: NaN gives 0, out-of-range values clamp. */
export function i64TruncSatF64U(a: number): bigint {
  return satI64U(a);
}

function satI32S(x: number): number {
  if (x !== x) return 0;
  if (x <= -TWO_31) return -2147483648;
  if (x >= TWO_31) return 2147483647;
  return Math.trunc(x) | 0;
}

function satI32U(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= TWO_32) return -1;
  return Math.trunc(x) | 0;
}

function satI64S(x: number): bigint {
  if (x !== x) return 0n;
  if (x <= -TWO_63) return I64_MIN;
  if (x >= TWO_63) return I64_MAX;
  return BigInt(Math.trunc(x));
}

function satI64U(x: number): bigint {
  if (x !== x || x <= 0) return 0n;
  if (x >= TWO_64) return U64_MAX_AS_I64;
  return BigInt.asIntN(64, BigInt(Math.trunc(x)));
}

// --- Integer to float (spec 4.3.4 convert_s / convert_u) ---------------------------------------

/** Spec 4.3.4 convert_s i32 -> f32: rounded to nearest, ties to even. */
export function f32ConvertI32S(a: number): number {
  return f32ToBits(a);
}

/** Spec 4.3.4 convert_u i32 -> f32: rounded to nearest, ties to even. */
export function f32ConvertI32U(a: number): number {
  return f32ToBits(a >>> 0);
}

/**
 * Spec 4.3.4 convert_s i64 -> f32: rounded ONCE to nearest, ties to even. Magnitudes of 2^53 and
 * above are first rounded to odd at bit 11 (sticky bit), so the exact conversion to double followed
 * by rounding to f32 cannot double-round.
 */
export function f32ConvertI64S(a: bigint): number {
  if (a >= -TWO_53N && a <= TWO_53N) return f32ToBits(Number(a));
  return a < 0n ? f32ToBits(-stickyToDouble(-a)) : f32ToBits(stickyToDouble(a));
}

/** Spec 4.3.4 convert_u i64 -> f32: rounded once to nearest, ties to even (see f32ConvertI64S). */
export function f32ConvertI64U(a: bigint): number {
  if (a >= 0n && a <= TWO_53N) return f32ToBits(Number(a));
  return f32ToBits(stickyToDouble(BigInt.asUintN(64, a)));
}

/**
 * For 2^53 <= m < 2^64: m with bits 0..10 cleared and bit 11 set if any of them was set (round to
 * odd). The result has at most 53 significant bits, so converts to double exactly, and rounds to
 * f32 (24 bits, rounding position at bit 29 or above) exactly as m does.
 */
function stickyToDouble(m: bigint): number {
  const low = m & 0x7ffn;
  return Number(low === 0n ? m : (m ^ low) | 0x800n);
}

/** Spec 4.3.4 convert_s i32 -> f64: exact. */
export function f64ConvertI32S(a: number): number {
  return a;
}

/** Spec 4.3.4 convert_u i32 -> f64: exact. */
export function f64ConvertI32U(a: number): number {
  return a >>> 0;
}

/** Spec 4.3.4 convert_s i64 -> f64: rounded to nearest, ties to even (ECMAScript Number(bigint)). */
export function f64ConvertI64S(a: bigint): number {
  return Number(a);
}

/** Spec 4.3.4 convert_u i64 -> f64: rounded to nearest, ties to even. */
export function f64ConvertI64U(a: bigint): number {
  return Number(BigInt.asUintN(64, a));
}

// --- Float width changes (spec 4.3.4 demote / promote) -----------------------------------------

/**
 * Spec 4.3.4 demote: rounded to nearest f32, ties to even (overflow to infinity). A NaN keeps its
 * sign and the top 23 bits of its payload, with the quiet bit set: canonical stays canonical, any
 * other NaN becomes an arithmetic NaN.
 */
export function f32DemoteF64(a: number): number {
  if (a === a) return f32ToBits(a);
  if (nanPolicyOverrides()) return f32NanOf2(0, 0);
  const hi = f64HiWord(a);
  const lo = f64LoWord(a);
  return ((hi & 0x80000000) | 0x7fc00000 | ((hi & 0x000fffff) << 3) | (lo >>> 29)) >>> 0;
}

/**
 * Spec 4.3.4 promote: exact. A NaN keeps its sign and payload (shifted to the top of the f64
 * payload), with the quiet bit set: canonical stays canonical, any other NaN becomes arithmetic.
 */
export function f64PromoteF32(a: number): number {
  if (!f32IsNaN(a)) return f32FromBits(a);
  if (nanPolicyOverrides()) return f64NanOf2(0, 0);
  const payload = (a & 0x007fffff) | 0x00400000;
  return f64FromWords((a & 0x80000000) | 0x7ff00000 | (payload >>> 3), (payload & 7) << 29);
}

// --- Reinterpretation (spec 4.3.4 reinterpret) -------------------------------------------------

/** Spec 4.3.4 reinterpret f32 -> i32: same bits, read signed. */
export function i32ReinterpretF32(a: number): number {
  return a | 0;
}

/** Spec 4.3.4 reinterpret i32 -> f32: same bits (signalling NaNs included). */
export function f32ReinterpretI32(a: number): number {
  return a >>> 0;
}

/** Spec 4.3.4 reinterpret f64 -> i64: same bits, read signed. */
export function i64ReinterpretF64(a: number): bigint {
  return f64ToI64Bits(a);
}

/** Spec 4.3.4 reinterpret i64 -> f64: same bits, as far as the JS engine keeps NaN payloads. */
export function f64ReinterpretI64(a: bigint): number {
  return f64FromI64Bits(a);
}
