import fc from 'fast-check';
import type { InitValue, RefHeap, RefValue, Slot } from './opCase';

/**
 * Arbitraries for op parameters, shared by the op declarations (src/cases/ops). Indices are
 * unresolved (fixup resolves them against the live state) and biased small: handles count from
 * the newest, so small values hit recent objects, which is what makes writes build edges between
 * objects that are still alive.
 */

/** Table growth: mostly a few elements, sometimes enough to pass the maximum (table.grow yields -1). */
export const growth: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(4) },
  { weight: 1, arbitrary: fc.integer({ min: 16, max: 24 }) },
);

/** Range starts and lengths for bulk ops: mostly inside small tables and arrays, sometimes just past them. */
export const smallIndex: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 1, arbitrary: fc.nat(20) },
);

/** Small indices, mostly 0-3 (the newest handles, innermost frames). */
export const recentIndex: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 1, arbitrary: fc.nat(63) },
);

export const arrayLength: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 64 }) },
);

export const slotArbitrary: fc.Arbitrary<Slot> = fc.oneof(
  { weight: 3, arbitrary: recentIndex.map((h): Slot => ({ s: 'handle', h })) },
  { weight: 6, arbitrary: fc.record({ h: recentIndex, f: fc.nat(7) }).map((r): Slot => ({ s: 'field', ...r })) },
  { weight: 3, arbitrary: fc.record({ h: recentIndex, i: fc.nat(7) }).map((r): Slot => ({ s: 'elem', ...r })) },
  { weight: 2, arbitrary: fc.nat(3).map((g): Slot => ({ s: 'global', g })) },
  { weight: 2, arbitrary: fc.record({ t: fc.nat(2), i: fc.nat(7) }).map((r): Slot => ({ s: 'table', ...r })) },
  { weight: 2, arbitrary: fc.record({ d: fc.nat(2), i: fc.nat(7) }).map((r): Slot => ({ s: 'frame', ...r })) },
);

export const refValueArbitrary: fc.Arbitrary<RefValue> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<RefValue>({ v: 'null' }) },
  { weight: 1, arbitrary: fc.integer().map((n): RefValue => ({ v: 'i31', n: n & 0x7fffffff })) },
  { weight: 8, arbitrary: slotArbitrary.map((slot): RefValue => ({ v: 'slot', slot })) },
);

export const numValueArbitrary: fc.Arbitrary<number | string> = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 127, -128, 255, 32767, -32768, 65535, 0x7fffffff, -0x80000000),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map((b) => b.toString()),
);

/** Allocation and fill operands: fixup keeps a RefValue for ref storage and a number for numeric storage (the other kind becomes null / 0). */
export const initValueArbitrary: fc.Arbitrary<InitValue> = fc.oneof(
  { weight: 3, arbitrary: refValueArbitrary },
  { weight: 2, arbitrary: numValueArbitrary },
);

export function heapArbitrary(typeCount: number): fc.Arbitrary<RefHeap> {
  return fc.oneof(
    fc.constantFrom<RefHeap>('any', 'eq', 'i31', 'struct', 'array', 'extern'),
    fc.nat(typeCount - 1),
  );
}
