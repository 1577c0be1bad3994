import type { AbsHeapType, NumType, PackedType } from '../syntax/types';

/**
 * Byte codes of the type grammar (spec 5.3). Each abstract heap type's code is both its heap type
 * encoding (as a one-byte negative s33) and its nullable reference type shorthand.
 */
export const NUM_TYPE_CODE: Readonly<Record<NumType, number>> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };
export const PACKED_TYPE_CODE: Readonly<Record<PackedType, number>> = { i8: 0x78, i16: 0x77 };
export const ABS_HEAP_TYPE_CODE: Readonly<Record<AbsHeapType, number>> = {
  nofunc: 0x73,
  noextern: 0x72,
  none: 0x71,
  func: 0x70,
  extern: 0x6f,
  any: 0x6e,
  eq: 0x6d,
  i31: 0x6c,
  struct: 0x6b,
  array: 0x6a,
  // Exception handling (issue #14): exnref values are exception objects in the heap.
  exn: 0x69,
  noexn: 0x74,
};

export const CODE_TO_NUM_TYPE: ReadonlyMap<number, NumType> = invert(NUM_TYPE_CODE);
export const CODE_TO_PACKED_TYPE: ReadonlyMap<number, PackedType> = invert(PACKED_TYPE_CODE);
export const CODE_TO_ABS_HEAP_TYPE: ReadonlyMap<number, AbsHeapType> = invert(ABS_HEAP_TYPE_CODE);

/** Type codes of out-of-scope features: the decoder names the feature when it meets one. */
export const OUT_OF_SCOPE_TYPE_CODE: ReadonlyMap<number, string> = new Map([
  [0x7b, 'SIMD'], // v128
  [0x75, 'stack switching'], // nocont
  [0x68, 'stack switching'], // cont
  [0x5d, 'stack switching'], // cont composite type
]);

export const REF_NONNULL = 0x64;
export const REF_NULLABLE = 0x63;
export const FUNC_TYPE = 0x60;
export const STRUCT_TYPE = 0x5f;
export const ARRAY_TYPE = 0x5e;
export const SUB_OPEN = 0x50;
export const SUB_FINAL = 0x4f;
export const REC_GROUP = 0x4e;
export const EMPTY_BLOCK_TYPE = 0x40;

function invert<K extends string>(rec: Readonly<Record<K, number>>): ReadonlyMap<number, K> {
  const m = new Map<number, K>();
  for (const k of Object.keys(rec) as K[]) m.set(rec[k], k);
  return m;
}

/** The DecodeError message for an out-of-scope feature (e.g. "SIMD is not supported"). */
export function unsupported(feature: string): string {
  return `${feature} ${feature.endsWith('s') ? 'are' : 'is'} not supported`;
}
