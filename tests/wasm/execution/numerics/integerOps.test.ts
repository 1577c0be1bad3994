/** Edge cases of the integer operators (spec 4.3.2). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as i32 from '../../../../src/wasm/execution/numerics/i32Ops';
import * as i64 from '../../../../src/wasm/execution/numerics/i64Ops';
import { assertTrap } from './numericTestKit';

const I32_MIN = -0x80000000, I32_MAX = 0x7fffffff;
const I64_MIN = -0x8000000000000000n, I64_MAX = 0x7fffffffffffffffn;

describe('i32', () => {
  test('division traps and INT_MIN / -1', () => {
    assertTrap(() => i32.i32DivS(I32_MIN, -1), 'integer overflow');
    assertTrap(() => i32.i32DivS(1, 0), 'integer divide by zero');
    assertTrap(() => i32.i32DivU(1, 0), 'integer divide by zero');
    assertTrap(() => i32.i32RemS(I32_MIN, 0), 'integer divide by zero');
    assertTrap(() => i32.i32RemU(1, 0), 'integer divide by zero');
    assert.ok(Object.is(i32.i32RemS(I32_MIN, -1), 0), 'INT_MIN rem -1 is +0, no trap');
    assert.equal(i32.i32DivS(I32_MIN, 1), I32_MIN);
    assert.equal(i32.i32DivS(-7, 2), -3);
    assert.equal(i32.i32RemS(-7, 2), -1);
    assert.equal(i32.i32RemS(7, -2), 1);
    assert.equal(i32.i32DivU(-1, 2), I32_MAX);
    assert.equal(i32.i32DivU(-1, -1), 1);
    assert.equal(i32.i32DivU(I32_MIN, 1), I32_MIN);
    assert.equal(i32.i32RemU(-1, 10), 5);
    assert.equal(i32.i32DivS(I32_MAX, -1), -I32_MAX);
  });

  test('wrapping arithmetic', () => {
    assert.equal(i32.i32Add(I32_MAX, 1), I32_MIN);
    assert.equal(i32.i32Sub(I32_MIN, 1), I32_MAX);
    assert.equal(i32.i32Mul(0x10000, 0x10000), 0);
    assert.equal(i32.i32Mul(I32_MIN, -1), I32_MIN);
    assert.equal(i32.i32Mul(0x7fffffff, 0x7fffffff), 1);
  });

  test('shift counts are taken modulo 32', () => {
    assert.equal(i32.i32Shl(1, 32), 1);
    assert.equal(i32.i32Shl(1, 33), 2);
    assert.equal(i32.i32Shl(1, -1), I32_MIN);
    assert.equal(i32.i32ShrS(I32_MIN, 31), -1);
    assert.equal(i32.i32ShrS(I32_MIN, 63), -1);
    assert.equal(i32.i32ShrU(I32_MIN, 31), 1);
    assert.equal(i32.i32ShrU(-1, 0), -1, 'shr_u result is |0-normalised');
    assert.equal(i32.i32ShrU(-1, 32), -1);
  });

  test('rotations', () => {
    assert.equal(i32.i32Rotl(0x80000001 | 0, 1), 3);
    assert.equal(i32.i32Rotl(0x12345678, 0), 0x12345678);
    assert.equal(i32.i32Rotl(0x12345678, 32), 0x12345678);
    assert.equal(i32.i32Rotl(0x12345678, -4), 0x81234567 | 0);
    assert.equal(i32.i32Rotr(1, 1), I32_MIN);
    assert.equal(i32.i32Rotr(0x12345678, 4), 0x81234567 | 0);
    assert.equal(i32.i32Rotr(0x12345678, 36), 0x81234567 | 0);
    assert.equal(i32.i32Rotr(-1, 7), -1);
  });

  test('bit counts', () => {
    assert.equal(i32.i32Clz(0), 32);
    assert.equal(i32.i32Ctz(0), 32);
    assert.equal(i32.i32Popcnt(0), 0);
    assert.equal(i32.i32Clz(-1), 0);
    assert.equal(i32.i32Clz(1), 31);
    assert.equal(i32.i32Ctz(I32_MIN), 31);
    assert.equal(i32.i32Ctz(-1), 0);
    assert.equal(i32.i32Popcnt(-1), 32);
    assert.equal(i32.i32Popcnt(I32_MIN), 1);
    assert.equal(i32.i32Popcnt(0x55555555), 16);
  });

  test('comparisons, signed and unsigned', () => {
    assert.equal(i32.i32Eqz(0), 1);
    assert.equal(i32.i32Eqz(I32_MIN), 0);
    assert.equal(i32.i32LtS(-1, 0), 1);
    assert.equal(i32.i32LtU(-1, 0), 0);
    assert.equal(i32.i32GtU(I32_MIN, I32_MAX), 1);
    assert.equal(i32.i32GtS(I32_MIN, I32_MAX), 0);
    assert.equal(i32.i32LeU(-1, -1), 1);
    assert.equal(i32.i32GeU(0, -1), 0);
  });

  test('sign extension', () => {
    assert.equal(i32.i32Extend8S(0x80), -128);
    assert.equal(i32.i32Extend8S(0x17f), 127);
    assert.equal(i32.i32Extend8S(-1), -1);
    assert.equal(i32.i32Extend16S(0x8000), -32768);
    assert.equal(i32.i32Extend16S(0x12347fff), 32767);
  });
});

describe('i64', () => {
  test('division traps and INT_MIN / -1', () => {
    assertTrap(() => i64.i64DivS(I64_MIN, -1n), 'integer overflow');
    assertTrap(() => i64.i64DivS(1n, 0n), 'integer divide by zero');
    assertTrap(() => i64.i64DivU(1n, 0n), 'integer divide by zero');
    assertTrap(() => i64.i64RemS(1n, 0n), 'integer divide by zero');
    assertTrap(() => i64.i64RemU(1n, 0n), 'integer divide by zero');
    assert.equal(i64.i64RemS(I64_MIN, -1n), 0n);
    assert.equal(i64.i64DivS(-7n, 2n), -3n);
    assert.equal(i64.i64RemS(-7n, 2n), -1n);
    assert.equal(i64.i64DivU(-1n, 2n), I64_MAX);
    assert.equal(i64.i64DivU(I64_MIN, 1n), I64_MIN);
    assert.equal(i64.i64RemU(-1n, 10n), 5n);
  });

  test('wrapping arithmetic', () => {
    assert.equal(i64.i64Add(I64_MAX, 1n), I64_MIN);
    assert.equal(i64.i64Sub(I64_MIN, 1n), I64_MAX);
    assert.equal(i64.i64Mul(I64_MIN, -1n), I64_MIN);
    assert.equal(i64.i64Mul(0x100000000n, 0x100000000n), 0n);
  });

  test('shift counts are taken modulo 64', () => {
    assert.equal(i64.i64Shl(1n, 64n), 1n);
    assert.equal(i64.i64Shl(1n, 63n), I64_MIN);
    assert.equal(i64.i64Shl(1n, -1n), I64_MIN);
    assert.equal(i64.i64ShrS(I64_MIN, 63n), -1n);
    assert.equal(i64.i64ShrU(I64_MIN, 63n), 1n);
    assert.equal(i64.i64ShrU(-1n, 64n), -1n);
    assert.equal(i64.i64ShrU(-1n, 1n), I64_MAX);
  });

  test('rotations', () => {
    assert.equal(i64.i64Rotl(I64_MIN | 1n, 1n), 3n);
    assert.equal(i64.i64Rotl(0x123456789abcdef0n, 64n), 0x123456789abcdef0n);
    assert.equal(i64.i64Rotl(0x123456789abcdef0n, -4n), 0x0123456789abcdefn);
    assert.equal(i64.i64Rotr(1n, 1n), I64_MIN);
    assert.equal(i64.i64Rotr(0x123456789abcdef0n, 4n), 0x0123456789abcdefn);
    assert.equal(i64.i64Rotr(0x123456789abcdef1n, 4n), BigInt.asIntN(64, 0x1123456789abcdefn));
  });

  test('bit counts', () => {
    assert.equal(i64.i64Clz(0n), 64n);
    assert.equal(i64.i64Ctz(0n), 64n);
    assert.equal(i64.i64Popcnt(0n), 0n);
    assert.equal(i64.i64Clz(1n), 63n);
    assert.equal(i64.i64Clz(-1n), 0n);
    assert.equal(i64.i64Clz(0x80000000n), 32n);
    assert.equal(i64.i64Clz(0x100000000n), 31n);
    assert.equal(i64.i64Ctz(I64_MIN), 63n);
    assert.equal(i64.i64Ctz(0x100000000n), 32n);
    assert.equal(i64.i64Ctz(0x80000000n), 31n);
    assert.equal(i64.i64Popcnt(-1n), 64n);
    assert.equal(i64.i64Popcnt(I64_MIN), 1n);
  });

  test('comparisons return i32', () => {
    assert.equal(i64.i64Eqz(0n), 1);
    assert.equal(i64.i64LtU(-1n, 0n), 0);
    assert.equal(i64.i64LtS(-1n, 0n), 1);
    assert.equal(i64.i64GtU(I64_MIN, I64_MAX), 1);
    assert.equal(i64.i64GeU(0n, -1n), 0);
  });

  test('sign extension', () => {
    assert.equal(i64.i64Extend8S(0xffn), -1n);
    assert.equal(i64.i64Extend8S(0x17fn), 127n);
    assert.equal(i64.i64Extend16S(0x8000n), -32768n);
    assert.equal(i64.i64Extend32S(0x80000000n), -2147483648n);
    assert.equal(i64.i64Extend32S(0x1234567f7fffffffn), 0x7fffffffn);
  });
});
