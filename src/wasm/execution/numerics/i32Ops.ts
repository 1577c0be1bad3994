import { Trap } from '../../../errors/Trap';

/**
 * i32 integer operators (spec 4.3.2 "Integer Operations"). Operands and results are the signed
 * 32-bit value as a JS number (`|0`-normalised); `_u` operators read the same bits unsigned.
 * Relational/test operators return the i32 1 or 0. Plain number ops only: no allocation.
 */

const I32_MIN = -2147483648;

/** Spec 4.3.2 iadd: sum modulo 2^32. */
export function i32Add(a: number, b: number): number {
  return (a + b) | 0;
}

/** Spec 4.3.2 isub: difference modulo 2^32. */
export function i32Sub(a: number, b: number): number {
  return (a - b) | 0;
}

/** Spec 4.3.2 imul: product modulo 2^32. */
export function i32Mul(a: number, b: number): number {
  return Math.imul(a, b);
}

/** Spec 4.3.2 idiv_s: quotient truncated toward zero; traps on b = 0 and on -2^31 / -1. */
export function i32DivS(a: number, b: number): number {
  if (b === 0) throw new Trap('integer divide by zero');
  if (a === I32_MIN && b === -1) throw new Trap('integer overflow');
  // |a|, |b| < 2^31: the double quotient never rounds across an integer, so truncation is exact.
  return (a / b) | 0;
}

/** Spec 4.3.2 idiv_u: unsigned quotient truncated; traps on b = 0. */
export function i32DivU(a: number, b: number): number {
  if (b === 0) throw new Trap('integer divide by zero');
  return ((a >>> 0) / (b >>> 0)) | 0;
}

/** Spec 4.3.2 irem_s: remainder with the dividend's sign; traps on b = 0 (-2^31 rem -1 is 0). */
export function i32RemS(a: number, b: number): number {
  if (b === 0) throw new Trap('integer divide by zero');
  return (a % b) | 0;
}

/** Spec 4.3.2 irem_u: unsigned remainder; traps on b = 0. */
export function i32RemU(a: number, b: number): number {
  if (b === 0) throw new Trap('integer divide by zero');
  return ((a >>> 0) % (b >>> 0)) | 0;
}

/** Spec 4.3.2 iand. */
export function i32And(a: number, b: number): number {
  return a & b;
}

/** Spec 4.3.2 ior. */
export function i32Or(a: number, b: number): number {
  return a | b;
}

/** Spec 4.3.2 ixor. */
export function i32Xor(a: number, b: number): number {
  return a ^ b;
}

/** Spec 4.3.2 ishl: shift count taken modulo 32. */
export function i32Shl(a: number, b: number): number {
  return a << b;
}

/** Spec 4.3.2 ishr_s: arithmetic shift, count modulo 32. */
export function i32ShrS(a: number, b: number): number {
  return a >> b;
}

/** Spec 4.3.2 ishr_u: logical shift, count modulo 32. */
export function i32ShrU(a: number, b: number): number {
  return (a >>> b) | 0;
}

/** Spec 4.3.2 irotl: rotate left by b modulo 32. */
export function i32Rotl(a: number, b: number): number {
  return (a << b) | (a >>> (32 - (b & 31)));
}

/** Spec 4.3.2 irotr: rotate right by b modulo 32. */
export function i32Rotr(a: number, b: number): number {
  return (a >>> b) | (a << (32 - (b & 31)));
}

/** Spec 4.3.2 iclz: leading zero bits; 32 for 0. */
export function i32Clz(a: number): number {
  return Math.clz32(a);
}

/** Spec 4.3.2 ictz: trailing zero bits; 32 for 0. */
export function i32Ctz(a: number): number {
  return a === 0 ? 32 : 31 - Math.clz32(a & -a);
}

/** Spec 4.3.2 ipopcnt: number of set bits. */
export function i32Popcnt(a: number): number {
  let x = (a - ((a >>> 1) & 0x55555555)) | 0;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Spec 4.3.2 ieqz. */
export function i32Eqz(a: number): number {
  return a === 0 ? 1 : 0;
}

/** Spec 4.3.2 ieq. */
export function i32Eq(a: number, b: number): number {
  return a === b ? 1 : 0;
}

/** Spec 4.3.2 ine. */
export function i32Ne(a: number, b: number): number {
  return a !== b ? 1 : 0;
}

/** Spec 4.3.2 ilt_s. */
export function i32LtS(a: number, b: number): number {
  return a < b ? 1 : 0;
}

/** Spec 4.3.2 ilt_u. */
export function i32LtU(a: number, b: number): number {
  return a >>> 0 < b >>> 0 ? 1 : 0;
}

/** Spec 4.3.2 igt_s. */
export function i32GtS(a: number, b: number): number {
  return a > b ? 1 : 0;
}

/** Spec 4.3.2 igt_u. */
export function i32GtU(a: number, b: number): number {
  return a >>> 0 > b >>> 0 ? 1 : 0;
}

/** Spec 4.3.2 ile_s. */
export function i32LeS(a: number, b: number): number {
  return a <= b ? 1 : 0;
}

/** Spec 4.3.2 ile_u. */
export function i32LeU(a: number, b: number): number {
  return a >>> 0 <= b >>> 0 ? 1 : 0;
}

/** Spec 4.3.2 ige_s. */
export function i32GeS(a: number, b: number): number {
  return a >= b ? 1 : 0;
}

/** Spec 4.3.2 ige_u. */
export function i32GeU(a: number, b: number): number {
  return a >>> 0 >= b >>> 0 ? 1 : 0;
}

/** Spec 4.3.2 iextend8_s: sign-extend the low 8 bits. */
export function i32Extend8S(a: number): number {
  return (a << 24) >> 24;
}

/** Spec 4.3.2 iextend16_s: sign-extend the low 16 bits. */
export function i32Extend16S(a: number): number {
  return (a << 16) >> 16;
}
