/** Edge cases of the conversions (spec 4.3.4): truncation bounds, rounding, NaN handling, bits. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as cv from '../../../../src/wasm/execution/numerics/conversions';
import { assertTrap, bitsOfF32, bitsOfF64, f64OfBits } from './numericTestKit';

const I64_MIN = -0x8000000000000000n, I64_MAX = 0x7fffffffffffffffn;
const u64 = (x: number): bigint => BigInt.asUintN(64, bitsOfF64(x));
const d = (bits: bigint): number => f64OfBits(BigInt.asIntN(64, bits));

describe('trapping truncation', () => {
  test('f32 -> i32 signed bounds', () => {
    assertTrap(() => cv.i32TruncF32S(0x4f000000), 'integer overflow'); // 2^31
    assert.equal(cv.i32TruncF32S(0xcf000000), -0x80000000); // -2^31
    assertTrap(() => cv.i32TruncF32S(0xcf000001), 'integer overflow'); // -2^31 - 256
    assert.equal(cv.i32TruncF32S(0x4effffff), 2147483520);
    assertTrap(() => cv.i32TruncF32S(0x7fc00000), 'invalid conversion to integer');
    assertTrap(() => cv.i32TruncF32S(0x7f800001), 'invalid conversion to integer');
    assertTrap(() => cv.i32TruncF32S(0xff800000), 'integer overflow');
    assert.equal(cv.i32TruncF32S(bitsOfF32(-1.9)), -1);
  });

  test('f64 -> i32 signed bounds', () => {
    assert.equal(cv.i32TruncF64S(-2147483648.9), -2147483648);
    assertTrap(() => cv.i32TruncF64S(-2147483649), 'integer overflow');
    assert.equal(cv.i32TruncF64S(2147483647.9), 2147483647);
    assertTrap(() => cv.i32TruncF64S(2147483648), 'integer overflow');
    assertTrap(() => cv.i32TruncF64S(NaN), 'invalid conversion to integer');
  });

  test('f64/f32 -> i32 unsigned bounds', () => {
    assert.ok(Object.is(cv.i32TruncF64U(-0.9), 0));
    assert.equal(cv.i32TruncF64U(-0), 0);
    assertTrap(() => cv.i32TruncF64U(-1), 'integer overflow');
    assert.equal(cv.i32TruncF64U(4294967295.9), -1);
    assertTrap(() => cv.i32TruncF64U(4294967296), 'integer overflow');
    assert.equal(cv.i32TruncF32U(0x4f7fffff), 0xffffff00 | 0);
    assertTrap(() => cv.i32TruncF32U(0x4f800000), 'integer overflow');
  });

  test('f64/f32 -> i64 bounds', () => {
    assertTrap(() => cv.i64TruncF64S(2 ** 63), 'integer overflow');
    assert.equal(cv.i64TruncF64S(-(2 ** 63)), I64_MIN);
    assertTrap(() => cv.i64TruncF64S(d(0xc3e0000000000001n)), 'integer overflow');
    assert.equal(cv.i64TruncF64S(d(0x43dfffffffffffffn)), 9223372036854774784n);
    assertTrap(() => cv.i64TruncF64U(2 ** 64), 'integer overflow');
    assert.equal(cv.i64TruncF64U(d(0x43efffffffffffffn)), -2048n);
    assert.equal(cv.i64TruncF64U(-0.99), 0n);
    assertTrap(() => cv.i64TruncF64U(-1), 'integer overflow');
    assert.equal(cv.i64TruncF32U(0x5f7fffff), BigInt.asIntN(64, (1n << 64n) - (1n << 40n)));
    assertTrap(() => cv.i64TruncF32S(0x5f000000), 'integer overflow');
    assert.equal(cv.i64TruncF32S(0xdf000000), I64_MIN);
    assertTrap(() => cv.i64TruncF32U(0xffc00000), 'invalid conversion to integer');
  });
});

describe('saturating truncation', () => {
  test('NaN gives 0, out of range clamps', () => {
    assert.equal(cv.i32TruncSatF32S(0x7fc00000), 0);
    assert.equal(cv.i32TruncSatF64U(NaN), 0);
    assert.equal(cv.i64TruncSatF64S(NaN), 0n);
    assert.equal(cv.i32TruncSatF32S(0x4f000000), 0x7fffffff);
    assert.equal(cv.i32TruncSatF32S(0xff800000), -0x80000000);
    assert.equal(cv.i32TruncSatF64S(-2147483648.9), -0x80000000);
    assert.equal(cv.i32TruncSatF64S(2147483647.9), 0x7fffffff);
    assert.equal(cv.i32TruncSatF64U(-1), 0);
    assert.equal(cv.i32TruncSatF32U(0x4f800000), -1);
    assert.equal(cv.i32TruncSatF64U(4294967295.5), -1);
    assert.equal(cv.i64TruncSatF64S(1e300), I64_MAX);
    assert.equal(cv.i64TruncSatF64S(-Infinity), I64_MIN);
    assert.equal(cv.i64TruncSatF64U(2 ** 64), -1n);
    assert.equal(cv.i64TruncSatF64U(-0.5), 0n);
    assert.equal(cv.i64TruncSatF32U(0x5f7fffff), BigInt.asIntN(64, (1n << 64n) - (1n << 40n)));
  });
});

describe('integer -> float', () => {
  test('i64 -> f32 rounds once (no double rounding through f64)', () => {
    // 2^53 + 2^29 + 1: via f64 it becomes 2^53 + 2^29, a tie that f32 rounds down to 2^53.
    assert.equal(cv.f32ConvertI64S(0x0020000020000001n), bitsOfF32(2 ** 53 + 2 ** 30));
    assert.equal(cv.f32ConvertI64S(-0x0020000020000001n), bitsOfF32(-(2 ** 53 + 2 ** 30)));
    assert.equal(cv.f32ConvertI64S(0x0020000020000000n), bitsOfF32(2 ** 53), 'exact tie goes to even');
    // u64 2^63 + 2^39 + 1: via f64 it is 2^63 + 2^39, a tie that f32 rounds down to 2^63.
    assert.equal(cv.f32ConvertI64U(BigInt.asIntN(64, 0x8000008000000001n)), 0x5f000001);
    assert.equal(cv.f32ConvertI64U(-1n), 0x5f800000);
    assert.equal(cv.f32ConvertI64S(I64_MIN), 0xdf000000);
    assert.equal(cv.f32ConvertI64S(I64_MAX), 0x5f000000);
  });

  test('i32 -> f32 and i64 -> f64 round to nearest even', () => {
    assert.equal(cv.f32ConvertI32S(16777217), bitsOfF32(16777216));
    assert.equal(cv.f32ConvertI32S(16777219), bitsOfF32(16777220));
    assert.equal(cv.f32ConvertI32U(-1), 0x4f800000);
    assert.equal(cv.f64ConvertI32U(-1), 4294967295);
    assert.equal(cv.f64ConvertI64U(-1n), 2 ** 64);
    assert.equal(cv.f64ConvertI64S(0x20000000000001n), 2 ** 53);
    assert.equal(cv.f64ConvertI64S(0x20000000000003n), 2 ** 53 + 4);
  });
});

describe('demote / promote', () => {
  test('demote rounds to nearest f32', () => {
    assert.equal(cv.f32DemoteF64(d(0x47effffff0000000n)), 0x7f800000, 'max f32 + half ulp ties to infinity');
    assert.equal(cv.f32DemoteF64(d(0x47efffffefffffffn)), 0x7f7fffff);
    assert.equal(cv.f32DemoteF64(2 ** -150), 0, 'half the smallest subnormal ties to 0');
    assert.equal(cv.f32DemoteF64(d(0x3690000000000001n)), 1);
    assert.equal(cv.f32DemoteF64(-0), 0x80000000);
  });

  test('demote NaNs: sign and top payload bits kept, quiet bit set', () => {
    assert.equal(cv.f32DemoteF64(d(0x7ff8000000000000n)), 0x7fc00000);
    assert.equal(cv.f32DemoteF64(d(0xfff8000000000000n)), 0xffc00000);
    assert.equal(cv.f32DemoteF64(d(0x7ff4000000000000n)), 0x7fe00000);
    assert.equal(cv.f32DemoteF64(d(0x7ff0000000000001n)), 0x7fc00000, 'sNaN with only low payload bits: arithmetic (canonical) NaN');
    assert.equal(cv.f32DemoteF64(d(0xfff0000020000000n)), 0xffc00001);
  });

  test('promote is exact; NaNs keep sign and payload, quiet bit set', () => {
    assert.equal(u64(cv.f64PromoteF32(0x7f800001)), 0x7ff8000020000000n);
    assert.equal(u64(cv.f64PromoteF32(0xffc00000)), 0xfff8000000000000n);
    assert.equal(u64(cv.f64PromoteF32(0x7fffffff)), 0x7fffffffe0000000n);
    assert.ok(Object.is(cv.f64PromoteF32(0x80000000), -0));
    assert.equal(cv.f64PromoteF32(0x00000001), 2 ** -149);
  });
});

describe('reinterpret and integer width changes', () => {
  test('reinterpret keeps bits, signalling NaNs included', () => {
    assert.equal(cv.f32ReinterpretI32(0x7f800001), 0x7f800001);
    assert.equal(cv.f32ReinterpretI32(-1), 0xffffffff);
    assert.equal(cv.i32ReinterpretF32(0xff800001), 0xff800001 | 0);
    assert.equal(cv.i64ReinterpretF64(-0), I64_MIN);
    assert.equal(cv.i64ReinterpretF64(cv.f64ReinterpretI64(0x7ff0000000000001n)), 0x7ff0000000000001n);
    assert.equal(cv.i64ReinterpretF64(cv.f64ReinterpretI64(-0x000fffffffffffffn)), -0x000fffffffffffffn);
    assert.equal(cv.f64ReinterpretI64(0x3ff0000000000000n), 1);
  });

  test('wrap and extend', () => {
    assert.equal(cv.i32WrapI64(0x180000000n), -0x80000000);
    assert.equal(cv.i32WrapI64(-1n), -1);
    assert.equal(cv.i32WrapI64(0x100000000n), 0);
    assert.equal(cv.i64ExtendI32S(-1), -1n);
    assert.equal(cv.i64ExtendI32U(-1), 0xffffffffn);
    assert.equal(cv.i64ExtendI32U(-0x80000000), 0x80000000n);
  });
});
