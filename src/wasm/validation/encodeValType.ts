/**
 * Spec 3.2.x validity of value, reference and heap types written with module type indices, and
 * their conversion to canonical codes (./typeCode): a concrete heap type `x` is valid iff
 * C.types[x] exists, and becomes the canonical id `typeIds[x]`.
 *
 * These return a sentinel instead of throwing (NaN for heap codes, -1 for value codes) so that the
 * caller can raise the ValidationError with its own location; `badTypeReason` gives the reason.
 */
import { absHeapCode, isAbsHeapName, isNumName, numCode, refCode } from './typeCode';

export function encodeHeapType(h: unknown, typeIds: readonly number[]): number {
  if (typeof h === 'number') {
    if (!Number.isInteger(h) || h < 0 || h >= typeIds.length) return NaN;
    return typeIds[h]!;
  }
  return isAbsHeapName(h) ? absHeapCode(h) : NaN;
}

export function encodeRefType(t: unknown, typeIds: readonly number[]): number {
  if (t === null || typeof t !== 'object') return -1;
  const r = t as { kind?: unknown; nullable?: unknown; heap?: unknown };
  if (r.kind !== 'ref') return -1;
  const h = encodeHeapType(r.heap, typeIds);
  if (Number.isNaN(h)) return -1;
  return refCode(h, r.nullable === true);
}

export function encodeValType(t: unknown, typeIds: readonly number[]): number {
  if (typeof t === 'string') return isNumName(t) ? numCode(t) : -1;
  return encodeRefType(t, typeIds);
}

/** Why `encodeHeapType` / `encodeValType` rejected a type: the spec's "unknown type", or a malformed AST. */
export function badTypeReason(t: unknown): string {
  const h = t !== null && typeof t === 'object' ? (t as { heap?: unknown }).heap : t;
  if (typeof h === 'number') return `unknown type ${h}`;
  return 'malformed type';
}
