import { Trap } from '../../../errors/Trap';
import { i64HiWord, i64LoWord } from './bits';

/**
 * i64 integer operators (spec 4.3.2 "Integer Operations"). Operands and results are the signed
 * 64-bit value as a bigint (`BigInt.asIntN(64)`-normalised); `_u` operators read the same bits
 * unsigned. Relational/test operators return an i32 (a JS number 1 or 0). Bit counts return
 * preallocated small bigints.
 */

const I64_MIN = -0x8000000000000000n;

/** The i64 values 0..64, preallocated for clz/ctz/popcnt results. */
const SMALL: readonly bigint[] = Array.from({ length: 65 }, (_, i) => BigInt(i));

/** Spec 4.3.2 iadd: sum modulo 2^64. */
export function i64Add(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a + b);
}

/** Spec 4.3.2 isub: difference modulo 2^64. */
export function i64Sub(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a - b);
}

/** Spec 4.3.2 imul: product modulo 2^64. */
export function i64Mul(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a * b);
}

/** Spec 4.3.2 idiv_s: quotient truncated toward zero; traps on b = 0 and on -2^63 / -1. */
export function i64DivS(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Trap('integer divide by zero');
  if (a === I64_MIN && b === -1n) throw new Trap('integer overflow');
  return a / b;
}

/** Spec 4.3.2 idiv_u: unsigned quotient truncated; traps on b = 0. */
export function i64DivU(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Trap('integer divide by zero');
  return BigInt.asIntN(64, BigInt.asUintN(64, a) / BigInt.asUintN(64, b));
}

/** Spec 4.3.2 irem_s: remainder with the dividend's sign; traps on b = 0 (-2^63 rem -1 is 0). */
export function i64RemS(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Trap('integer divide by zero');
  return a % b;
}

/** Spec 4.3.2 irem_u: unsigned remainder; traps on b = 0. */
export function i64RemU(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Trap('integer divide by zero');
  return BigInt.asIntN(64, BigInt.asUintN(64, a) % BigInt.asUintN(64, b));
}

/** Spec 4.3.2 iand. */
export function i64And(a: bigint, b: bigint): bigint {
  return a & b;
}

/** Spec 4.3.2 ior. */
export function i64Or(a: bigint, b: bigint): bigint {
  return a | b;
}

/** Spec 4.3.2 ixor. */
export function i64Xor(a: bigint, b: bigint): bigint {
  return a ^ b;
}

/** Spec 4.3.2 ishl: shift count taken modulo 64. */
export function i64Shl(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a << (b & 63n));
}

/** Spec 4.3.2 ishr_s: arithmetic shift, count modulo 64. */
export function i64ShrS(a: bigint, b: bigint): bigint {
  return a >> (b & 63n);
}

/** Spec 4.3.2 ishr_u: logical shift, count modulo 64. */
export function i64ShrU(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, BigInt.asUintN(64, a) >> (b & 63n));
}

/** Spec 4.3.2 irotl: rotate left by b modulo 64. */
export function i64Rotl(a: bigint, b: bigint): bigint {
  const k = b & 63n;
  if (k === 0n) return a;
  const u = BigInt.asUintN(64, a);
  return BigInt.asIntN(64, (u << k) | (u >> (64n - k)));
}

/** Spec 4.3.2 irotr: rotate right by b modulo 64. */
export function i64Rotr(a: bigint, b: bigint): bigint {
  const k = b & 63n;
  if (k === 0n) return a;
  const u = BigInt.asUintN(64, a);
  return BigInt.asIntN(64, (u >> k) | (u << (64n - k)));
}

/** Spec 4.3.2 iclz: leading zero bits; 64 for 0. */
export function i64Clz(a: bigint): bigint {
  const hi = i64HiWord(a);
  return SMALL[hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(i64LoWord(a))];
}

/** Spec 4.3.2 ictz: trailing zero bits; 64 for 0. */
export function i64Ctz(a: bigint): bigint {
  const lo = i64LoWord(a);
  if (lo !== 0) return SMALL[31 - Math.clz32(lo & -lo)];
  const hi = i64HiWord(a);
  return SMALL[hi === 0 ? 64 : 63 - Math.clz32(hi & -hi)];
}

/** Spec 4.3.2 ipopcnt: number of set bits. */
export function i64Popcnt(a: bigint): bigint {
  return SMALL[popcnt32(i64HiWord(a)) + popcnt32(i64LoWord(a))];
}

function popcnt32(a: number): number {
  let x = (a - ((a >>> 1) & 0x55555555)) | 0;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Spec 4.3.2 ieqz (result i32). */
export function i64Eqz(a: bigint): number {
  return a === 0n ? 1 : 0;
}

/** Spec 4.3.2 ieq (result i32). */
export function i64Eq(a: bigint, b: bigint): number {
  return a === b ? 1 : 0;
}

/** Spec 4.3.2 ine (result i32). */
export function i64Ne(a: bigint, b: bigint): number {
  return a !== b ? 1 : 0;
}

/** Spec 4.3.2 ilt_s (result i32). */
export function i64LtS(a: bigint, b: bigint): number {
  return a < b ? 1 : 0;
}

/** Spec 4.3.2 ilt_u (result i32). */
export function i64LtU(a: bigint, b: bigint): number {
  return BigInt.asUintN(64, a) < BigInt.asUintN(64, b) ? 1 : 0;
}

/** Spec 4.3.2 igt_s (result i32). */
export function i64GtS(a: bigint, b: bigint): number {
  return a > b ? 1 : 0;
}

/** Spec 4.3.2 igt_u (result i32). */
export function i64GtU(a: bigint, b: bigint): number {
  return BigInt.asUintN(64, a) > BigInt.asUintN(64, b) ? 1 : 0;
}

/** Spec 4.3.2 ile_s (result i32). */
export function i64LeS(a: bigint, b: bigint): number {
  return a <= b ? 1 : 0;
}

/** Spec 4.3.2 ile_u (result i32). */
export function i64LeU(a: bigint, b: bigint): number {
  return BigInt.asUintN(64, a) <= BigInt.asUintN(64, b) ? 1 : 0;
}

/** Spec 4.3.2 ige_s (result i32). */
export function i64GeS(a: bigint, b: bigint): number {
  return a >= b ? 1 : 0;
}

/** Spec 4.3.2 ige_u (result i32). */
export function i64GeU(a: bigint, b: bigint): number {
  return BigInt.asUintN(64, a) >= BigInt.asUintN(64, b) ? 1 : 0;
}

/** Spec 4.3.2 iextend8_s: sign-extend the low 8 bits. */
export function i64Extend8S(a: bigint): bigint {
  return BigInt.asIntN(8, a);
}

/** Spec 4.3.2 iextend16_s: sign-extend the low 16 bits. */
export function i64Extend16S(a: bigint): bigint {
  return BigInt.asIntN(16, a);
}

/** Spec 4.3.2 iextend32_s: sign-extend the low 32 bits. */
export function i64Extend32S(a: bigint): bigint {
  return BigInt.asIntN(32, a);
}
