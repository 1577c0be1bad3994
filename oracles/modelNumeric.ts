import type { StorageType } from '../src/runtime/gcTypes';
import type { ModelValue } from './modelObject';

/** A numeric value of storage `st` in the form the runtime reads it back (ModelValue's numeric forms). */
export function canonicalNumeric(st: StorageType, v: ModelValue): ModelValue {
  switch (st) {
    case 'i8': return Number(v) & 0xff;
    case 'i16': return Number(v) & 0xffff;
    case 'i32': return Number(v) | 0;
    case 'f32': return Number(v) >>> 0;
    case 'i64': return BigInt.asIntN(64, typeof v === 'bigint' ? v : BigInt(Number(v)));
    default: return v;
  }
}

/** A packed value read with sign extension (`struct.get_s` / `array.get_s`); others unchanged. */
export function signExtendNumeric(st: StorageType, v: ModelValue): ModelValue {
  if (st === 'i8') return ((v as number) << 24) >> 24;
  if (st === 'i16') return ((v as number) << 16) >> 16;
  return v;
}

/** The default value of a field of storage `st` (null for refs). */
export function zeroOf(st: StorageType): ModelValue {
  if (typeof st !== 'string') return null;
  return st === 'i64' ? 0n : 0;
}
