import fc from 'fast-check';
import { FORGE_READ_USES, FORGE_USES, type ForgeKind, type InitValue, type Op, type RefHeap, type RefValue, type Slot } from './opCase';

/**
 * One op with unresolved indices (fixupOpCase resolves them against the live state). Indices are
 * biased small: handles count from the newest, so small values hit recent objects, which is what
 * makes writes build edges between objects that are still alive.
 */
export function opArbitrary(typeCount: number): fc.Arbitrary<Op> {
  const owned = fc.boolean();
  const type = fc.nat(typeCount - 1);
  const w = (weight: number, arbitrary: fc.Arbitrary<Op>) => ({ weight, arbitrary });
  return fc.oneof(
    w(6, owned.map((o): Op => ({ op: 'newExtern', owned: o }))),
    w(8, fc.record({ type, owned }).map((r): Op => ({ op: 'newStruct', ...r }))),
    w(4, fc.record({ type, len: arrayLength, owned }).map((r): Op => ({ op: 'newArray', ...r }))),
    w(2, fc.record({ h: recentIndex, owned }).map((r): Op => ({ op: 'clone', ...r }))),
    w(5, recentIndex.map((h): Op => ({ op: 'drop', h }))),
    w(1, fc.constant<Op>({ op: 'enterScope' })),
    w(1, fc.constant<Op>({ op: 'exitScope' })),
    w(14, fc.record({ dst: slotArbitrary, val: refValueArbitrary }).map((r): Op => ({ op: 'writeRef', ...r }))),
    w(4, fc.record({ dst: slotArbitrary, val: numValueArbitrary }).map((r): Op => ({ op: 'writeNum', ...r }))),
    w(8, fc.record({ src: slotArbitrary, signed: fc.boolean(), keep: fc.constantFrom<'no' | 'owned' | 'scoped'>('no', 'no', 'owned', 'scoped') })
      .map((r): Op => ({ op: 'read', ...r }))),
    w(2, fc.record({ h: recentIndex, to: heapArbitrary(typeCount) }).map((r): Op => ({ op: 'cast', ...r }))),
    w(1, recentIndex.map((h): Op => ({ op: 'arrayLen', h }))),
    w(3, recentIndex.map((h): Op => ({ op: 'hostData', h }))),
    w(3, fc.record({ args: fc.array(refValueArbitrary, { maxLength: 4 }), locals: fc.nat(3) }).map((r): Op => ({ op: 'pushFrame', ...r }))),
    w(2, fc.constant<Op>({ op: 'popFrame' })),
    w(1, fc.constant<Op>({ op: 'gc' })),
    w(1, fc.nat(8).map((slices): Op => ({ op: 'gcSliced', slices }))),
    w(1, fc.nat(8).map((slices): Op => ({ op: 'gcAbandon', slices }))),
    w(1, fc.constant<Op>({ op: 'exitNoGc' })),
    w(1, forgeArbitrary),
    w(1, fc.constant<Op>({ op: 'reset' })),
    w(2, fc.record({ t: fc.nat(2), i: smallIndex, n: smallIndex, val: refValueArbitrary }).map((r): Op => ({ op: 'tableFill', ...r }))),
    w(1, fc.record({ t: fc.nat(2), n: growth, val: refValueArbitrary }).map((r): Op => ({ op: 'tableGrow', ...r }))),
    w(2, fc.record({ h: recentIndex, i: smallIndex, n: smallIndex, val: initValueArbitrary }).map((r): Op => ({ op: 'arrayFill', ...r }))),
    w(2, arrayCopyArbitrary),
    w(3, fc.record({ type, vals: fc.array(initValueArbitrary, { maxLength: 8 }), owned }).map((r): Op => ({ op: 'newStructInit', ...r }))),
    w(1, fc.record({ type, len: arrayLength, val: initValueArbitrary, owned }).map((r): Op => ({ op: 'newArrayInit', ...r }))),
    w(1, fc.record({ type, vals: fc.array(initValueArbitrary, { maxLength: 8 }), owned }).map((r): Op => ({ op: 'newArrayFixed', ...r }))),
  );
}

/** Table growth: mostly a few elements, sometimes enough to pass the maximum (table.grow yields -1). */
const growth: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(4) },
  { weight: 1, arbitrary: fc.integer({ min: 16, max: 24 }) },
);

/** Range starts and lengths for bulk ops: mostly inside small tables and arrays, sometimes just past them. */
const smallIndex: fc.Arbitrary<number> = fc.oneof(
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

/**
 * `array.copy`, half the time within one array (src = dst) with ranges one or two elements apart,
 * the overlapping case that needs memmove order.
 */
const arrayCopyArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ dst: recentIndex, d: smallIndex, src: recentIndex, s: smallIndex, n: smallIndex }).map((r): Op => ({ op: 'arrayCopy', ...r })),
  fc.record({ h: recentIndex, s: fc.integer({ min: 0, max: 3 }), shift: fc.constantFrom(-2, -1, 1, 2), n: fc.integer({ min: 1, max: 5 }) })
    .map(({ h, s, shift, n }): Op => ({ op: 'arrayCopy', dst: h, d: Math.max(0, s + shift), src: h, s, n })),
);

export function heapArbitrary(typeCount: number): fc.Arbitrary<RefHeap> {
  return fc.oneof(
    fc.constantFrom<RefHeap>('any', 'eq', 'i31', 'struct', 'array', 'extern'),
    fc.nat(typeCount - 1),
  );
}

/**
 * Forged refs. Refs that can never be valid and read-only uses are weighted up: a forge that may
 * have mutated the heap taints the rest of the run (only the sandbox oracle keeps checking it), so
 * those are kept to about a quarter of forges.
 */
export const forgeArbitrary: fc.Arbitrary<Op> = fc
  .record({
    kind: fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom<ForgeKind>('oob', 'misaligned', 'i31') },
      { weight: 1, arbitrary: fc.constantFrom<ForgeKind>('freed', 'foreign', 'interior') },
    ),
    use: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...FORGE_USES.filter((u) => FORGE_READ_USES.has(u))) },
      { weight: 1, arbitrary: fc.constantFrom(...FORGE_USES.filter((u) => !FORGE_READ_USES.has(u))) },
    ),
    h: recentIndex,
    n: fc.nat(0xffff),
  })
  .map((r): Op => ({ op: 'forge', ...r }));
