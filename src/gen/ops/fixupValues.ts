import type { CaseType, RefHeap } from './opCase';
import { refHierarchy } from './isRefSubtype';

/** Coercions from untrusted JSON values, shared by `fixupOpCase` and the op declarations' fixups. */

export const ABSTRACT_HEAPS = ['any', 'eq', 'i31', 'struct', 'array', 'extern', 'none', 'noextern', 'exn'] as const;

/** A ref heap type from anything: abstract (any/extern/exn hierarchies) or an index below `types.length`. */
export function fixupHeap(v: unknown, types: readonly CaseType[]): RefHeap {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v < types.length ? v : 'any';
  const h = (ABSTRACT_HEAPS as readonly unknown[]).includes(v) ? (v as RefHeap) : 'any';
  return refHierarchy(h) === 'func' ? 'any' : h;
}

export function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A non-negative safe integer from anything (negative and junk map to 0..). */
export function nat(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 0;
  return Math.min(Math.abs(Math.trunc(v)), Number.MAX_SAFE_INTEGER);
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

export function pickEnum<T extends string>(v: unknown, values: readonly T[]): T {
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  return values[nat(v) % values.length]!;
}
