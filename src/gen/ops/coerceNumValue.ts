import type { NumStorage, PackedStorage } from '../../runtime/gcTypes';
import type { NumValue } from './opCase';

/**
 * The canonical in-range `NumValue` for a field of `storage`, from any JSON value: i8/i16 values
 * are sign-wrapped to their width, i32 to int32, f32 to a u32 bit pattern, f64 to a finite number
 * (never -0, which JSON would lose), i64 to a signed 64-bit decimal string. Idempotent.
 */
export function coerceNumValue(storage: PackedStorage | NumStorage, val: unknown): NumValue {
  switch (storage) {
    case 'i8': return (toInt(val) << 24) >> 24;
    case 'i16': return (toInt(val) << 16) >> 16;
    case 'i32': return toInt(val) | 0;
    case 'f32': return toInt(val) >>> 0;
    case 'f64': {
      const n = typeof val === 'number' && Number.isFinite(val) ? val : 0;
      return n === 0 ? 0 : n;
    }
    case 'i64': return BigInt.asIntN(64, toBigInt(val)).toString();
  }
}

/** ToInt32 (spec 7.1.6: exact modulo 2^32 for every finite number), strings via BigInt. */
function toInt(val: unknown): number {
  if (typeof val === 'number' && Number.isFinite(val)) return val | 0;
  if (typeof val === 'string') return Number(BigInt.asIntN(32, toBigInt(val)));
  return 0;
}

function toBigInt(val: unknown): bigint {
  if (typeof val === 'number' && Number.isFinite(val)) return BigInt(Math.trunc(val));
  if (typeof val === 'string' && /^-?\d{1,40}$/.test(val)) return BigInt(val);
  return 0n;
}
