import type { ValueSummary } from './outcome';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The f32 with raw bits `bits`, as a JS number. */
export function f32FromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}

/** Summary of an f32 given as raw bits: NaN of any payload is `nan`. */
export function summarizeF32Bits(bits: number): ValueSummary {
  const b = bits >>> 0;
  const isNaN = (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
  return { t: 'f32', bits: isNaN ? 'nan' : b };
}

/** Summary of an f32 given as a JS number (V8's conversion). */
export function summarizeF32Number(x: number): ValueSummary {
  if (Number.isNaN(x)) return { t: 'f32', bits: 'nan' };
  f32[0] = x;
  return { t: 'f32', bits: u32[0]! };
}

/** Summary of an f64: its 64 bits in hex, NaN of any payload as `nan`. */
export function summarizeF64(x: number): ValueSummary {
  if (Number.isNaN(x)) return { t: 'f64', bits: 'nan' };
  f64[0] = x;
  return { t: 'f64', bits: u64[0]!.toString(16).padStart(16, '0') };
}

export function summarizeI32(x: number): ValueSummary {
  return { t: 'i32', v: x | 0 };
}

export function summarizeI64(x: bigint): ValueSummary {
  return { t: 'i64', v: BigInt.asIntN(64, x).toString() };
}
