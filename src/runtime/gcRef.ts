/**
 * `VMGcRef`: a 32-bit index into one heap's ArrayBuffer, never a host pointer. 0 is null. Values
 * with the low bit set are i31refs, stored as `(v << 1) | 1`, so heap object indices are even.
 * Kept as a plain `number` (always in [0, 2^32)) so the hot paths never allocate.
 */
export type GcRef = number;

export const NULL_REF: GcRef = 0;

/** True for i31refs (spec 4.2.1 "i31ref"): the tag bit is set. */
export function isI31(ref: GcRef): boolean {
  return (ref & 1) === 1;
}

/** True for a ref that names a heap object: neither null nor i31. */
export function isHeapRef(ref: GcRef): boolean {
  return ref !== 0 && (ref & 1) === 0;
}

/** `ref.i31`: keeps the low 31 bits of `value` (spec 4.4.4, wrapping). */
export function refI31(value: number): GcRef {
  return ((value << 1) | 1) >>> 0;
}

/** `i31.get_s`: sign-extends the 31-bit payload. */
export function i31GetS(ref: GcRef): number {
  return (ref | 0) >> 1;
}

/** `i31.get_u`: zero-extends the 31-bit payload. */
export function i31GetU(ref: GcRef): number {
  return ref >>> 1;
}
