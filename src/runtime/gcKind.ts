/**
 * `VMGcKind`: the top 6 bits of a header's first word. Subtyping is bit inclusion: `a <: b` iff
 * `(a & b) == b`. The low 26 bits belong to the collector (mark bits, sizes, list membership).
 */
export const GcKind = {
  ExternRef: 0b010000 << 26 >>> 0,
  AnyRef: 0b100000 << 26 >>> 0,
  EqRef: 0b101000 << 26 >>> 0,
  ArrayRef: 0b101010 << 26 >>> 0,
  StructRef: 0b101100 << 26 >>> 0,
  /** Exception objects (Wasmtime `VMGcKind::ExnRef`): a struct-like layout whose field 0 is the tag identity; in no other hierarchy. */
  ExnRef: 0b000001 << 26 >>> 0,
} as const;
export type GcKind = (typeof GcKind)[keyof typeof GcKind];

/** Mask of the kind bits in the header's first word. */
export const GC_KIND_MASK = 0b111111 << 26 >>> 0;
/** Mask of the collector-owned bits in the header's first word. */
export const GC_RESERVED_MASK = ~GC_KIND_MASK >>> 0;

/** `VMGcKind::matches`: `a <: b`. */
export function kindMatches(a: number, b: number): boolean {
  return ((a & b) >>> 0) === b;
}

/** True when `word`'s kind bits are exactly one of the six defined kinds. */
export function isValidKind(word: number): boolean {
  const k = (word & GC_KIND_MASK) >>> 0;
  return k === GcKind.ExternRef || k === GcKind.AnyRef || k === GcKind.EqRef || k === GcKind.ArrayRef || k === GcKind.StructRef || k === GcKind.ExnRef;
}
