import type { ImmValue } from './instructions';

const SCRATCH = new ArrayBuffer(8);
const F64 = new Float64Array(SCRATCH);
const U64 = new BigUint64Array(SCRATCH);

/**
 * The f64 bit pattern (u64) an `f64.const` immediate stands for. The immediate is the bit pattern
 * (spec 5.2.3: eight bytes, so NaN payloads are exact); a JS number is also accepted, for cases
 * written by hand or by older tools, and read through a typed array.
 */
export function f64ImmBits(v: ImmValue): bigint {
  if (typeof v === 'bigint') return BigInt.asUintN(64, v);
  if (typeof v !== 'number') throw new TypeError(`f64 immediate must be a bigint bit pattern or a number, got ${typeof v}`);
  return f64BitsOf(v);
}

/** The bit pattern of a float64 (NaN payloads only as far as the JS value kept them). */
export function f64BitsOf(x: number): bigint {
  F64[0] = x;
  return U64[0]!;
}

/** The float64 with bit pattern `bits` (a u64), as a JS number; store it only in typed arrays. */
export function f64OfBits(bits: bigint): number {
  U64[0] = BigInt.asUintN(64, bits);
  return F64[0]!;
}
