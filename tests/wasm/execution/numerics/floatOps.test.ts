/** Edge cases of the float operators (spec 4.3.3), including the documented NaN policy. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as f32 from '../../../../src/wasm/execution/numerics/f32Ops';
import * as f64 from '../../../../src/wasm/execution/numerics/f64Ops';
import { bitsOfF32, bitsOfF64, f64OfBits } from './numericTestKit';

const b32 = bitsOfF32;
const P0 = 0x00000000, N0 = 0x80000000, PINF = 0x7f800000, NINF = 0xff800000;
const CANON32 = 0x7fc00000, SNAN32 = 0x7f800001;
/** The bits of an f64 result, as an unsigned bigint for readable hex comparisons. */
const u64 = (x: number): bigint => BigInt.asUintN(64, bitsOfF64(x));
const d = (bits: bigint): number => f64OfBits(BigInt.asIntN(64, bits));
const SNAN64 = 0x7ff0000000000001n, NEG_SNAN64 = 0xfff0000000000001n, CANON64 = 0x7ff8000000000000n;

describe('f32', () => {
  test('min/max of zeros: min(-0, +0) = -0, max = +0, either order', () => {
    assert.equal(f32.f32Min(P0, N0), N0);
    assert.equal(f32.f32Min(N0, P0), N0);
    assert.equal(f32.f32Max(P0, N0), P0);
    assert.equal(f32.f32Max(N0, P0), P0);
  });

  test('NaN policy: first NaN operand quietened, else positive canonical', () => {
    assert.equal(f32.f32Min(b32(1), SNAN32), 0x7fc00001);
    assert.equal(f32.f32Max(SNAN32, b32(1)), 0x7fc00001);
    assert.equal(f32.f32Add(0x7fa00000, 0xffc00000), 0x7fe00000);
    assert.equal(f32.f32Add(0xffc00000, 0x7fa00000), 0xffc00000);
    assert.equal(f32.f32Mul(0xff800002, b32(2)), 0xffc00002);
    assert.equal(f32.f32Sub(PINF, PINF), CANON32);
    assert.equal(f32.f32Mul(P0, NINF), CANON32);
    assert.equal(f32.f32Div(P0, N0), CANON32);
    assert.equal(f32.f32Sqrt(b32(-1)), CANON32);
    assert.equal(f32.f32Sqrt(SNAN32), 0x7fc00001);
    for (const op of [f32.f32Ceil, f32.f32Floor, f32.f32Trunc, f32.f32Nearest]) assert.equal(op(0xff800005), 0xffc00005);
  });

  test('abs/neg/copysign/eq keep signalling NaN payloads exactly', () => {
    assert.equal(f32.f32Abs(0xff800001), SNAN32);
    assert.equal(f32.f32Neg(SNAN32), 0xff800001);
    assert.equal(f32.f32Neg(0xff800001), SNAN32);
    assert.equal(f32.f32Copysign(0x7fa00001, N0), 0xffa00001);
    assert.equal(f32.f32Copysign(0xffa00001, CANON32), 0x7fa00001);
    assert.equal(f32.f32Abs(N0), P0);
    assert.equal(f32.f32Neg(P0), N0);
  });

  test('nearest rounds ties to even and keeps the sign of zero', () => {
    assert.equal(f32.f32Nearest(b32(0.5)), P0);
    assert.equal(f32.f32Nearest(b32(1.5)), b32(2));
    assert.equal(f32.f32Nearest(b32(2.5)), b32(2));
    assert.equal(f32.f32Nearest(b32(3.5)), b32(4));
    assert.equal(f32.f32Nearest(b32(-0.5)), N0);
    assert.equal(f32.f32Nearest(b32(-2.5)), b32(-2));
    assert.equal(f32.f32Nearest(0x3effffff), P0, '0.49999997 rounds down');
    assert.equal(f32.f32Nearest(0x4b000001), 0x4b000001, '2^23 + 1 is already an integer');
    assert.equal(f32.f32Nearest(0x4afffffd), 0x4afffffc, '8388606.5 ties to even 8388606');
    assert.equal(f32.f32Nearest(NINF), NINF);
    assert.equal(f32.f32Nearest(N0), N0);
  });

  test('ceil/floor/trunc signs of zero', () => {
    assert.equal(f32.f32Ceil(b32(-0.5)), N0);
    assert.equal(f32.f32Floor(b32(0.5)), P0);
    assert.equal(f32.f32Floor(N0), N0);
    assert.equal(f32.f32Trunc(b32(-0.7)), N0);
    assert.equal(f32.f32Floor(b32(-0.5)), b32(-1));
  });

  test('arithmetic is correctly rounded to f32', () => {
    assert.equal(f32.f32Add(b32(1), b32(2 ** -24)), b32(1), 'tie to even');
    assert.equal(f32.f32Add(b32(1), b32(2 ** -24 + 2 ** -47)), b32(1 + 2 ** -23), 'just above the tie');
    assert.equal(f32.f32Mul(0x7f7fffff, b32(2)), PINF);
    assert.equal(f32.f32Div(b32(1), b32(3)), b32(Math.fround(1 / 3)));
    assert.equal(f32.f32Sqrt(N0), N0);
    assert.equal(f32.f32Sub(b32(1), b32(1)), P0);
    assert.equal(f32.f32Mul(0x00000001, b32(0.5)), P0, 'half the smallest subnormal ties to 0');
  });

  test('comparisons', () => {
    assert.equal(f32.f32Eq(P0, N0), 1);
    assert.equal(f32.f32Eq(CANON32, CANON32), 0);
    assert.equal(f32.f32Ne(CANON32, CANON32), 1);
    assert.equal(f32.f32Lt(CANON32, b32(1)), 0);
    assert.equal(f32.f32Ge(CANON32, b32(1)), 0);
    assert.equal(f32.f32Le(NINF, PINF), 1);
    assert.equal(f32.f32Gt(b32(-1), b32(-2)), 1);
  });
});

describe('f64', () => {
  test('min/max of zeros', () => {
    assert.ok(Object.is(f64.f64Min(0, -0), -0));
    assert.ok(Object.is(f64.f64Min(-0, 0), -0));
    assert.ok(Object.is(f64.f64Max(-0, 0), 0));
    assert.ok(Object.is(f64.f64Max(0, -0), 0));
  });

  test('NaN policy: first NaN operand quietened, else positive canonical', () => {
    assert.equal(u64(f64.f64Min(1, d(SNAN64))), 0x7ff8000000000001n);
    assert.equal(u64(f64.f64Add(d(0x7ff4000000000000n), d(0xfff8000000000000n))), 0x7ffc000000000000n);
    assert.equal(u64(f64.f64Add(d(0xfff8000000000000n), d(SNAN64))), 0xfff8000000000000n);
    assert.equal(u64(f64.f64Sub(Infinity, Infinity)), CANON64);
    assert.equal(u64(f64.f64Div(0, 0)), CANON64);
    assert.equal(u64(f64.f64Sqrt(-1)), CANON64);
    assert.equal(u64(f64.f64Sqrt(d(NEG_SNAN64))), 0xfff8000000000001n);
    for (const op of [f64.f64Ceil, f64.f64Floor, f64.f64Trunc, f64.f64Nearest]) {
      assert.equal(u64(op(d(0xfff0000000000005n))), 0xfff8000000000005n);
    }
  });

  test('abs/neg/copysign keep signalling NaN payloads exactly', () => {
    assert.equal(u64(f64.f64Abs(d(NEG_SNAN64))), SNAN64);
    assert.equal(u64(f64.f64Neg(d(SNAN64))), NEG_SNAN64);
    assert.equal(u64(f64.f64Copysign(d(SNAN64), -1)), NEG_SNAN64);
    assert.equal(u64(f64.f64Copysign(d(NEG_SNAN64), d(CANON64))), SNAN64);
    assert.ok(Object.is(f64.f64Abs(-0), 0));
    assert.ok(Object.is(f64.f64Neg(0), -0));
    assert.ok(Object.is(f64.f64Copysign(3, -0), -3));
  });

  test('nearest rounds ties to even and keeps the sign of zero', () => {
    assert.ok(Object.is(f64.f64Nearest(0.5), 0));
    assert.equal(f64.f64Nearest(1.5), 2);
    assert.equal(f64.f64Nearest(2.5), 2);
    assert.equal(f64.f64Nearest(-2.5), -2);
    assert.ok(Object.is(f64.f64Nearest(-0.5), -0));
    assert.ok(Object.is(f64.f64Nearest(-0.3), -0));
    assert.ok(Object.is(f64.f64Nearest(0.49999999999999994), 0), 'Math.round(x + 0.5)-style rounding gets this wrong');
    assert.equal(f64.f64Nearest(4503599627370497), 4503599627370497, '2^52 + 1 is already an integer');
    assert.equal(f64.f64Nearest(4503599627370495.5), 4503599627370496);
    assert.equal(f64.f64Nearest(-Infinity), -Infinity);
  });

  test('ceil/floor/trunc signs of zero', () => {
    assert.ok(Object.is(f64.f64Ceil(-0.5), -0));
    assert.ok(Object.is(f64.f64Floor(-0), -0));
    assert.ok(Object.is(f64.f64Trunc(-0.7), -0));
  });

  test('comparisons', () => {
    assert.equal(f64.f64Eq(0, -0), 1);
    assert.equal(f64.f64Ne(NaN, NaN), 1);
    assert.equal(f64.f64Lt(NaN, 1), 0);
    assert.equal(f64.f64Gt(1, NaN), 0);
    assert.equal(f64.f64Le(-Infinity, Infinity), 1);
  });
});
