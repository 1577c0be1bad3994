/**
 * Bit-level access to floats (spec 4.3.1 "Representations") through shared scratch buffers, and
 * the NaN-result policy shared by all float operators (spec 4.3.3).
 *
 * Representation: an f32 is its raw u32 bit pattern (a JS number in 0..2^32-1); an f64 is a JS
 * number, whose sign and NaN payload are only touched through the scratch below.
 *
 * NaN policy (spec 4.3.3 `nans_N{z*}`), deterministic: when an operand is a NaN, the result is
 * the FIRST NaN operand with its sign and payload kept and its quiet bit set (so a canonical
 * operand gives a canonical result and any other NaN gives an arithmetic NaN); when no operand
 * is a NaN, the result is the positive canonical NaN.
 *
 * `setNaNPolicy('negative-canonical')` switches every NaN result of an arithmetic operator to the
 * negative canonical NaN, the other choice the spec equally allows (x86's default NaN has the
 * sign bit set, as V8's results there do). It exists for tests: a generated program whose
 * observable behaviour changes with the policy lets a nondeterministic NaN payload escape.
 *
 * All helpers are allocation free; the scratch is only ever used synchronously.
 */

const SCRATCH32 = new ArrayBuffer(4);
const F32 = new Float32Array(SCRATCH32);
const U32 = new Uint32Array(SCRATCH32);

const SCRATCH64 = new ArrayBuffer(8);
const F64 = new Float64Array(SCRATCH64);
const W64 = new Uint32Array(SCRATCH64);
const I64 = new BigInt64Array(SCRATCH64);

/** Index of the high (sign/exponent) 32-bit word of an f64 in `W64`: platform byte order. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** Positive canonical f32 NaN, 0x7fc00000 (spec 4.3.1 `canon_32`, quiet bit only). */
export const F32_CANONICAL_NAN = 0x7fc00000;
/** f32 quiet bit (most significant payload bit). */
export const F32_QUIET_BIT = 0x00400000;

/** Which spec-allowed NaN arithmetic operators return (see above); 'propagate' is the default. */
export type NaNPolicy = 'propagate' | 'negative-canonical';
let negativeCanonical = false;

/** Sets the NaN policy of every float operator in the process (tests only; see above). */
export function setNaNPolicy(p: NaNPolicy): void {
  negativeCanonical = p === 'negative-canonical';
}

/** Whether the test policy replaces every NaN result (demote and promote ask, as they build theirs from bits). */
export function nanPolicyOverrides(): boolean {
  return negativeCanonical;
}

/** Negative canonical f32 NaN, 0xffc00000. */
const F32_NEGATIVE_CANONICAL_NAN = 0xffc00000;

/** The float value of an f32 bit pattern, exactly (as a JS number; NaN payloads are not kept). */
export function f32FromBits(bits: number): number {
  U32[0] = bits;
  return F32[0];
}

/** The f32 bit pattern of `x` rounded to f32 (ties to even, spec 4.3.1). `x` must not be NaN. */
export function f32ToBits(x: number): number {
  F32[0] = x;
  return U32[0];
}

/** Whether an f32 bit pattern is a NaN. */
export function f32IsNaN(bits: number): boolean {
  return (bits & 0x7fffffff) > 0x7f800000;
}

/** Spec 4.3.3 `nans{z}` for one f32 operand that is a NaN: the operand with its quiet bit set. */
export function f32NanOf1(a: number): number {
  if (negativeCanonical) return F32_NEGATIVE_CANONICAL_NAN;
  return (a | F32_QUIET_BIT) >>> 0;
}

/** Spec 4.3.3 `nans{z1, z2}` for f32 bit patterns: first NaN operand quietened, else canonical. */
export function f32NanOf2(a: number, b: number): number {
  if (negativeCanonical) return F32_NEGATIVE_CANONICAL_NAN;
  if ((a & 0x7fffffff) > 0x7f800000) return (a | F32_QUIET_BIT) >>> 0;
  if ((b & 0x7fffffff) > 0x7f800000) return (b | F32_QUIET_BIT) >>> 0;
  return F32_CANONICAL_NAN;
}

/** An f64 from its high and low 32-bit words (unsigned or signed). */
export function f64FromWords(hi: number, lo: number): number {
  W64[HI] = hi;
  W64[LO] = lo;
  return F64[0];
}

/** High 32-bit word (sign, exponent, top 20 mantissa bits) of an f64, unsigned. */
export function f64HiWord(x: number): number {
  F64[0] = x;
  return W64[HI];
}

/** Low 32-bit word of an f64, unsigned. */
export function f64LoWord(x: number): number {
  F64[0] = x;
  return W64[LO];
}

/** Positive canonical f64 NaN, 0x7ff8000000000000 (spec 4.3.1 `canon_64`). */
export const F64_CANONICAL_NAN: number = f64FromWords(0x7ff80000, 0);
const F64_NEGATIVE_CANONICAL_NAN: number = f64FromWords(0xfff80000, 0);

/** Spec 4.3.3 `nans{z}` for one f64 operand that is a NaN: the operand with its quiet bit set. */
export function f64NanOf1(a: number): number {
  if (negativeCanonical) return F64_NEGATIVE_CANONICAL_NAN;
  F64[0] = a;
  W64[HI] = W64[HI] | 0x00080000;
  return F64[0];
}

/** Spec 4.3.3 `nans{z1, z2}` for f64 operands: first NaN operand quietened, else canonical. */
export function f64NanOf2(a: number, b: number): number {
  if (negativeCanonical) return F64_NEGATIVE_CANONICAL_NAN;
  if (a !== a) return f64NanOf1(a);
  if (b !== b) return f64NanOf1(b);
  return F64_CANONICAL_NAN;
}

/** The f64's bits with the sign bit replaced by bit 31 of `signWord` (spec 4.3.3 fabs/fneg/fcopysign). */
export function f64WithSign(x: number, signWord: number): number {
  F64[0] = x;
  W64[HI] = (W64[HI] & 0x7fffffff) | (signWord & 0x80000000);
  return F64[0];
}

/** The f64's bits with the sign bit flipped (spec 4.3.3 fneg). */
export function f64FlipSign(x: number): number {
  F64[0] = x;
  W64[HI] = W64[HI] ^ 0x80000000;
  return F64[0];
}

/** The f64's bit pattern as a signed 64-bit bigint (spec 4.3.4 reinterpret). */
export function f64ToI64Bits(x: number): bigint {
  F64[0] = x;
  return I64[0];
}

/** High 32 bits of an i64, as a signed i32 number (no bigint allocation). */
export function i64HiWord(a: bigint): number {
  I64[0] = a;
  return W64[HI] | 0;
}

/** Low 32 bits of an i64, as a signed i32 number (no bigint allocation). */
export function i64LoWord(a: bigint): number {
  I64[0] = a;
  return W64[LO] | 0;
}

/** The f64 whose bit pattern is the signed 64-bit bigint `a` (spec 4.3.4 reinterpret). */
export function f64FromI64Bits(a: bigint): number {
  I64[0] = a;
  return F64[0];
}
