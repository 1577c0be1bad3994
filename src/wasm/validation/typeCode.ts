/**
 * Compact numeric codes for canonical value, heap and storage types, used by the validator's
 * operand stack and by the type canonicaliser so that typing an instruction allocates nothing.
 *
 * Heap-type code: a concrete heap type is its canonical id (an index in the GcTypeRegistry, >= 0);
 * the abstract heap types of spec 2.3.3 (and the algorithm's `Bot`, spec appendix "Validation
 * Algorithm") are negative constants.
 *
 * Value-type code: the number types are 0..3, the algorithm's unknown type `Bot` is 4, the packed
 * storage types are 5..6 (storage codes only), and a reference type `(ref null? ht)` is
 * `8 + 2 * (ht + 16) + (null ? 1 : 0)`. Canonical ids must stay below 2^29 (far beyond any
 * registry gcfuzz builds) so the codes remain small integers.
 */
import type { AbsHeapType, HeapType, NumType, PackedType, StorageType, ValType } from '../syntax/types';

export const HT_ANY = -1;
export const HT_EQ = -2;
export const HT_I31 = -3;
export const HT_STRUCT = -4;
export const HT_ARRAY = -5;
export const HT_NONE = -6;
export const HT_FUNC = -7;
export const HT_NOFUNC = -8;
export const HT_EXTERN = -9;
export const HT_NOEXTERN = -10;
/** The bottom heap type of the validation algorithm (the heap type of an unknown reference). */
export const HT_BOT = -11;
/** exnref: exception objects (exception handling, issue #14). */
export const HT_EXN = -12;
export const HT_NOEXN = -13;

export const VT_I32 = 0;
export const VT_I64 = 1;
export const VT_F32 = 2;
export const VT_F64 = 3;
/** The algorithm's unknown value type `Bot`: matches every type; only arises in unreachable code. */
export const VT_BOT = 4;
export const ST_I8 = 5;
export const ST_I16 = 6;

const REF_BASE = 8;
/** Canonical ids must stay below this for reference codes to be exact. */
export const MAX_CANONICAL_ID = 2 ** 29;

export function refCode(heap: number, nullable: boolean): number {
  return REF_BASE + ((heap + 16) << 1) + (nullable ? 1 : 0);
}
export function isRefCode(code: number): boolean {
  return code >= REF_BASE;
}
/** Heap-type code of a reference value-type code. */
export function refHeap(code: number): number {
  return ((code - REF_BASE) >> 1) - 16;
}
export function refNullable(code: number): boolean {
  return ((code - REF_BASE) & 1) === 1;
}
/** Number types and `Bot` (spec appendix `is_num`). */
export function isNumCode(code: number): boolean {
  return code <= VT_BOT;
}
export function isPackedCode(code: number): boolean {
  return code === ST_I8 || code === ST_I16;
}
/** Spec 2.3.8 `unpack`: packed storage types are read as i32. */
export function unpackCode(code: number): number {
  return code === ST_I8 || code === ST_I16 ? VT_I32 : code;
}
/** Spec 3.2 "defaultable": numbers and nullable references. */
export function isDefaultableCode(code: number): boolean {
  return code < REF_BASE ? code !== VT_BOT : refNullable(code);
}

const ABS_CODES: Readonly<Record<AbsHeapType, number>> = {
  any: HT_ANY,
  eq: HT_EQ,
  i31: HT_I31,
  struct: HT_STRUCT,
  array: HT_ARRAY,
  none: HT_NONE,
  func: HT_FUNC,
  nofunc: HT_NOFUNC,
  extern: HT_EXTERN,
  noextern: HT_NOEXTERN,
  exn: HT_EXN,
  noexn: HT_NOEXN,
};
const ABS_NAMES: readonly (AbsHeapType | undefined)[] = ['any', 'eq', 'i31', 'struct', 'array', 'none', 'func', 'nofunc', 'extern', 'noextern', undefined, 'exn', 'noexn'];
const NUM_CODES: Readonly<Record<NumType, number>> = { i32: VT_I32, i64: VT_I64, f32: VT_F32, f64: VT_F64 };
const NUM_NAMES: readonly NumType[] = ['i32', 'i64', 'f32', 'f64'];

export function absHeapCode(h: AbsHeapType): number {
  return ABS_CODES[h];
}
export function numCode(t: NumType): number {
  return NUM_CODES[t];
}

/** Whether `h` is one of the abstract heap-type names (guards against malformed input). */
export function isAbsHeapName(h: unknown): h is AbsHeapType {
  return typeof h === 'string' && Object.prototype.hasOwnProperty.call(ABS_CODES, h);
}
export function isNumName(t: unknown): t is NumType {
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(NUM_CODES, t);
}
export function isPackedName(t: unknown): t is PackedType {
  return t === 'i8' || t === 'i16';
}

/** Canonical heap type (abstract name or canonical id) of a heap-type code. Not for `HT_BOT`. */
export function heapOfCode(code: number): HeapType {
  if (code >= 0) return code;
  const name = ABS_NAMES[-code - 1];
  if (name === undefined) throw new RangeError(`no heap type for code ${code}`);
  return name;
}

/** Canonical value type (concrete heap types are canonical ids) of a value-type code. Not for `VT_BOT`. */
export function valTypeOfCode(code: number): ValType {
  if (code < REF_BASE) {
    const n = NUM_NAMES[code];
    if (n === undefined) throw new RangeError(`no value type for code ${code}`);
    return n;
  }
  return { kind: 'ref', nullable: refNullable(code), heap: heapOfCode(refHeap(code)) };
}

/** Canonical storage type of a storage code. */
export function storageTypeOfCode(code: number): StorageType {
  if (code === ST_I8) return 'i8';
  if (code === ST_I16) return 'i16';
  return valTypeOfCode(code);
}

/** Text-format spelling, for error details. */
export function codeToString(code: number): string {
  if (code === VT_BOT) return 'bot';
  if (code === ST_I8) return 'i8';
  if (code === ST_I16) return 'i16';
  if (code < REF_BASE) return NUM_NAMES[code] ?? `?${code}`;
  const h = refHeap(code);
  const hs = h === HT_BOT ? 'bot' : h >= 0 ? `$${h}` : (ABS_NAMES[-h - 1] ?? `?${h}`);
  return refNullable(code) ? `(ref null ${hs})` : `(ref ${hs})`;
}
