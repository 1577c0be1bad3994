import fc from 'fast-check';
import type { ImmKind, ImmValue } from '../../src/wasm/syntax/instructions';
import type { AbsHeapType, BlockType, HeapType, NumType, RefType, ValType } from '../../src/wasm/syntax/types';

/** Test-side arbitraries for immediates of each ImmKind, in the shapes the decoder produces. */
/** Records with Object.prototype, as the decoder builds them (deepStrictEqual compares prototypes). */
const PLAIN = { noNullPrototype: true } as const;

const ABS: readonly AbsHeapType[] = ['func', 'nofunc', 'extern', 'noextern', 'any', 'eq', 'i31', 'struct', 'array', 'none'];
const NUM: readonly NumType[] = ['i32', 'i64', 'f32', 'f64'];

export const u32Arb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 0xffff_ffff }),
  fc.constantFrom(0, 127, 128, 16383, 16384, 0xffff_ffff),
);
export const heapTypeArb: fc.Arbitrary<HeapType> = fc.oneof(fc.constantFrom(...ABS), u32Arb);
export const refTypeArb: fc.Arbitrary<RefType> = fc.record({ kind: fc.constant('ref' as const), nullable: fc.boolean(), heap: heapTypeArb }, PLAIN);
export const valTypeArb: fc.Arbitrary<ValType> = fc.oneof(fc.constantFrom(...NUM), refTypeArb);
const blockTypeArb: fc.Arbitrary<BlockType> = fc.oneof(
  fc.constant<BlockType>({ kind: 'empty' }),
  valTypeArb.map((type): BlockType => ({ kind: 'value', type })),
  u32Arb.map((index): BlockType => ({ kind: 'index', index })),
);

/** f64 bit patterns (u64), with -0, infinities and NaNs of odd payloads (signalling, negative) likely. */
const f64Arb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.constantFrom(0x8000_0000_0000_0000n, 0x7ff0_0000_0000_0000n, 0xfff0_0000_0000_0000n, 0x7ff8_0000_0000_0000n, 0x7ff4_0000_0000_0001n, 0xffff_ffff_ffff_fff7n, 1n),
);

export function immArb(kind: ImmKind): fc.Arbitrary<ImmValue> {
  switch (kind) {
    case 'idx':
      return u32Arb;
    case 'i32':
      return fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });
    case 'i64':
      return fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
    case 'f32':
      return fc.integer({ min: 0, max: 0xffff_ffff });
    case 'f64':
      return f64Arb;
    case 'blocktype':
      return blockTypeArb;
    case 'memarg':
      return fc.record({ align: fc.integer({ min: 0, max: 63 }), offset: u32Arb }, PLAIN);
    case 'heaptype':
      return heapTypeArb;
    case 'reftype':
      return refTypeArb;
    case 'valtypes':
      return fc.array(valTypeArb, { maxLength: 4 });
    case 'brtable':
      return fc.record({ labels: fc.array(u32Arb, { maxLength: 6 }), defaultLabel: u32Arb }, PLAIN);
    case 'brOnCast':
      return fc.record({ label: u32Arb, from: refTypeArb, to: refTypeArb }, PLAIN);
    case 'catches':
      return fc.array(fc.oneof(
        fc.record({ kind: fc.constantFrom('catch' as const, 'catch_ref' as const), tag: u32Arb, label: u32Arb }, PLAIN),
        fc.record({ kind: fc.constantFrom('catch_all' as const, 'catch_all_ref' as const), label: u32Arb }, PLAIN),
      ), { maxLength: 4 });
    case 'zero':
      return fc.constant(0);
  }
}

/** A simple representative immediate of each kind (the first value tests use). */
export function sampleImm(kind: ImmKind): ImmValue {
  switch (kind) {
    case 'idx':
      return 3;
    case 'i32':
      return -123456;
    case 'i64':
      return -(1n << 63n);
    case 'f32':
      return 0x7fc0_0001;
    case 'f64':
      return 0xfff4_0000_0000_0001n; // a negative signalling NaN
    case 'blocktype':
      return { kind: 'value', type: { kind: 'ref', nullable: false, heap: 7 } };
    case 'memarg':
      return { align: 2, offset: 0xffff_ffff };
    case 'heaptype':
      return 'i31';
    case 'reftype':
      return { kind: 'ref', nullable: true, heap: 'struct' };
    case 'valtypes':
      return ['i64', { kind: 'ref', nullable: true, heap: 'any' }];
    case 'brtable':
      return { labels: [0, 1, 300], defaultLabel: 2 };
    case 'brOnCast':
      return { label: 1, from: { kind: 'ref', nullable: true, heap: 'any' }, to: { kind: 'ref', nullable: false, heap: 5 } };
    case 'catches':
      return [{ kind: 'catch', tag: 2, label: 0 }, { kind: 'catch_all_ref', label: 1 }];
    case 'zero':
      return 0;
  }
}
