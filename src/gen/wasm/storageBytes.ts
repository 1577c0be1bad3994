import type { StorageType } from '../../wasm/syntax/types';

/** Bytes a data segment supplies per element of storage type `st` (spec 4.4.7.9 array.new_data). */
export function storageBytes(st: StorageType): number {
  return st === 'i8' ? 1 : st === 'i16' ? 2 : st === 'i64' || st === 'f64' ? 8 : 4;
}
