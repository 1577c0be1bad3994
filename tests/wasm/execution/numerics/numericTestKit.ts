/**
 * Test kit for the numerics: an independent table of the spec's numeric instructions (binary
 * opcode, operand and result types, written out from spec 5.4.7 / 6.5.7, not derived from the
 * implementation), bit helpers built on DataView (not on the implementation's scratch), a V8
 * oracle that runs each operator in a one-function Wasm module, spec NaN classification, and the
 * fast-check arbitraries used by the differential tests.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Trap, type TrapKind } from '../../../../src/errors/Trap';
import type { NumType } from '../../../../src/wasm/syntax/types';

/** Asserts that `run` throws a Trap of `kind` whose message is exactly the spec's wording. */
export function assertTrap(run: () => unknown, kind: TrapKind): void {
  assert.throws(run, (e: unknown) => e instanceof Trap && e.kind === kind && e.message === kind);
}

// --- Spec table ---------------------------------------------------------------------------------

export interface SpecNumericInstr {
  readonly name: string;
  /** Binary encoding of the opcode (one byte, or 0xFC and the sub-opcode). */
  readonly bytes: readonly number[];
  readonly params: readonly NumType[];
  readonly result: NumType;
}

const I = 'i32', L = 'i64', F = 'f32', D = 'f64';
type Row = readonly [string, readonly NumType[], NumType];

/** Spec 5.4.7: the one-byte numeric opcodes 0x45..0xC4, in order. */
const ONE_BYTE: readonly Row[] = [
  ['i32.eqz', [I], I], ['i32.eq', [I, I], I], ['i32.ne', [I, I], I], ['i32.lt_s', [I, I], I],
  ['i32.lt_u', [I, I], I], ['i32.gt_s', [I, I], I], ['i32.gt_u', [I, I], I], ['i32.le_s', [I, I], I],
  ['i32.le_u', [I, I], I], ['i32.ge_s', [I, I], I], ['i32.ge_u', [I, I], I],
  ['i64.eqz', [L], I], ['i64.eq', [L, L], I], ['i64.ne', [L, L], I], ['i64.lt_s', [L, L], I],
  ['i64.lt_u', [L, L], I], ['i64.gt_s', [L, L], I], ['i64.gt_u', [L, L], I], ['i64.le_s', [L, L], I],
  ['i64.le_u', [L, L], I], ['i64.ge_s', [L, L], I], ['i64.ge_u', [L, L], I],
  ['f32.eq', [F, F], I], ['f32.ne', [F, F], I], ['f32.lt', [F, F], I], ['f32.gt', [F, F], I],
  ['f32.le', [F, F], I], ['f32.ge', [F, F], I],
  ['f64.eq', [D, D], I], ['f64.ne', [D, D], I], ['f64.lt', [D, D], I], ['f64.gt', [D, D], I],
  ['f64.le', [D, D], I], ['f64.ge', [D, D], I],
  ['i32.clz', [I], I], ['i32.ctz', [I], I], ['i32.popcnt', [I], I], ['i32.add', [I, I], I],
  ['i32.sub', [I, I], I], ['i32.mul', [I, I], I], ['i32.div_s', [I, I], I], ['i32.div_u', [I, I], I],
  ['i32.rem_s', [I, I], I], ['i32.rem_u', [I, I], I], ['i32.and', [I, I], I], ['i32.or', [I, I], I],
  ['i32.xor', [I, I], I], ['i32.shl', [I, I], I], ['i32.shr_s', [I, I], I], ['i32.shr_u', [I, I], I],
  ['i32.rotl', [I, I], I], ['i32.rotr', [I, I], I],
  ['i64.clz', [L], L], ['i64.ctz', [L], L], ['i64.popcnt', [L], L], ['i64.add', [L, L], L],
  ['i64.sub', [L, L], L], ['i64.mul', [L, L], L], ['i64.div_s', [L, L], L], ['i64.div_u', [L, L], L],
  ['i64.rem_s', [L, L], L], ['i64.rem_u', [L, L], L], ['i64.and', [L, L], L], ['i64.or', [L, L], L],
  ['i64.xor', [L, L], L], ['i64.shl', [L, L], L], ['i64.shr_s', [L, L], L], ['i64.shr_u', [L, L], L],
  ['i64.rotl', [L, L], L], ['i64.rotr', [L, L], L],
  ['f32.abs', [F], F], ['f32.neg', [F], F], ['f32.ceil', [F], F], ['f32.floor', [F], F],
  ['f32.trunc', [F], F], ['f32.nearest', [F], F], ['f32.sqrt', [F], F], ['f32.add', [F, F], F],
  ['f32.sub', [F, F], F], ['f32.mul', [F, F], F], ['f32.div', [F, F], F], ['f32.min', [F, F], F],
  ['f32.max', [F, F], F], ['f32.copysign', [F, F], F],
  ['f64.abs', [D], D], ['f64.neg', [D], D], ['f64.ceil', [D], D], ['f64.floor', [D], D],
  ['f64.trunc', [D], D], ['f64.nearest', [D], D], ['f64.sqrt', [D], D], ['f64.add', [D, D], D],
  ['f64.sub', [D, D], D], ['f64.mul', [D, D], D], ['f64.div', [D, D], D], ['f64.min', [D, D], D],
  ['f64.max', [D, D], D], ['f64.copysign', [D, D], D],
  ['i32.wrap_i64', [L], I], ['i32.trunc_f32_s', [F], I], ['i32.trunc_f32_u', [F], I],
  ['i32.trunc_f64_s', [D], I], ['i32.trunc_f64_u', [D], I], ['i64.extend_i32_s', [I], L],
  ['i64.extend_i32_u', [I], L], ['i64.trunc_f32_s', [F], L], ['i64.trunc_f32_u', [F], L],
  ['i64.trunc_f64_s', [D], L], ['i64.trunc_f64_u', [D], L],
  ['f32.convert_i32_s', [I], F], ['f32.convert_i32_u', [I], F], ['f32.convert_i64_s', [L], F],
  ['f32.convert_i64_u', [L], F], ['f32.demote_f64', [D], F],
  ['f64.convert_i32_s', [I], D], ['f64.convert_i32_u', [I], D], ['f64.convert_i64_s', [L], D],
  ['f64.convert_i64_u', [L], D], ['f64.promote_f32', [F], D],
  ['i32.reinterpret_f32', [F], I], ['i64.reinterpret_f64', [D], L], ['f32.reinterpret_i32', [I], F],
  ['f64.reinterpret_i64', [L], D],
  ['i32.extend8_s', [I], I], ['i32.extend16_s', [I], I], ['i64.extend8_s', [L], L],
  ['i64.extend16_s', [L], L], ['i64.extend32_s', [L], L],
];

/** Spec 5.4.7: the 0xFC-prefixed saturating truncations, sub-opcodes 0..7. */
const SAT: readonly Row[] = [
  ['i32.trunc_sat_f32_s', [F], I], ['i32.trunc_sat_f32_u', [F], I], ['i32.trunc_sat_f64_s', [D], I],
  ['i32.trunc_sat_f64_u', [D], I], ['i64.trunc_sat_f32_s', [F], L], ['i64.trunc_sat_f32_u', [F], L],
  ['i64.trunc_sat_f64_s', [D], L], ['i64.trunc_sat_f64_u', [D], L],
];

export const SPEC_NUMERIC_INSTRS: readonly SpecNumericInstr[] = [
  ...ONE_BYTE.map(([name, params, result], i) => ({ name, bytes: [0x45 + i], params, result })),
  ...SAT.map(([name, params, result], i) => ({ name, bytes: [0xfc, i], params, result })),
];

export const SPEC_BY_NAME: ReadonlyMap<string, SpecNumericInstr> =
  new Map(SPEC_NUMERIC_INSTRS.map((s) => [s.name, s]));

/**
 * Operators whose NaN results are governed by spec 4.3.3 `nans` (so only the NaN class is
 * specified). All other float results (abs, neg, copysign, reinterpret) are bit-exact.
 */
export function isNanPropagating(name: string): boolean {
  return /^f(32|64)\.(add|sub|mul|div|min|max|sqrt|ceil|floor|trunc|nearest|demote_f64|promote_f32)$/.test(name);
}

// --- Raw values ---------------------------------------------------------------------------------

/**
 * A "raw" operand or result: the exact bits, in the form V8's JS API can carry them. i32: signed
 * number; i64: signed bigint; f32: u32 bit pattern (number); f64: bit pattern as a signed bigint.
 */
export type Raw = number | bigint;

const dv = new DataView(new ArrayBuffer(8));

export function f64OfBits(bits: bigint): number {
  dv.setBigInt64(0, bits);
  return dv.getFloat64(0);
}

export function bitsOfF64(x: number): bigint {
  dv.setFloat64(0, x);
  return dv.getBigInt64(0);
}

export function f32OfBits(bits: number): number {
  dv.setUint32(0, bits >>> 0);
  return dv.getFloat32(0);
}

export function bitsOfF32(x: number): number {
  dv.setFloat32(0, x);
  return dv.getUint32(0);
}

/** The argument the implementation takes for a raw operand of type `t`. */
export function implArg(t: NumType, raw: Raw): number | bigint {
  return t === 'f64' ? f64OfBits(raw as bigint) : raw;
}

/**
 * The raw form of an implementation result of type `t`, checking the representation invariant
 * (i32 `|0`-normalised, i64 in signed range, f32 an integer in 0..2^32-1, f64 a number).
 */
export function rawOfImplResult(t: NumType, v: unknown): Raw {
  switch (t) {
    case 'i32':
      if (typeof v !== 'number' || !Object.is(v, v | 0)) throw new Error(`i32 result not normalised: ${String(v)}`);
      return v;
    case 'i64':
      if (typeof v !== 'bigint' || BigInt.asIntN(64, v) !== v) throw new Error(`i64 result not normalised: ${String(v)}`);
      return v;
    case 'f32':
      if (typeof v !== 'number' || v >>> 0 !== v) throw new Error(`f32 result not a u32 bit pattern: ${String(v)}`);
      return v;
    case 'f64':
      if (typeof v !== 'number') throw new Error(`f64 result not a number: ${String(v)}`);
      return bitsOfF64(v);
  }
}

// --- NaN classes (spec 4.3.1) -------------------------------------------------------------------

export type NanClass = 'not-nan' | 'canonical' | 'arithmetic' | 'signalling';

export function nanClass(t: NumType, raw: Raw): NanClass {
  if (t === 'f32') {
    const b = (raw as number) >>> 0;
    if ((b & 0x7fffffff) <= 0x7f800000) return 'not-nan';
    if ((b & 0x007fffff) === 0x00400000) return 'canonical';
    return (b & 0x00400000) !== 0 ? 'arithmetic' : 'signalling';
  }
  if (t === 'f64') {
    const b = BigInt.asUintN(64, raw as bigint);
    if ((b & 0x7fffffffffffffffn) <= 0x7ff0000000000000n) return 'not-nan';
    if ((b & 0x000fffffffffffffn) === 0x0008000000000000n) return 'canonical';
    return (b & 0x0008000000000000n) !== 0n ? 'arithmetic' : 'signalling';
  }
  return 'not-nan';
}

/**
 * Spec 4.3.3 `nans_N{z*}` for an operator's NaN result: 'canonical' if every NaN operand is
 * canonical (or none is a NaN), else 'arithmetic' (canonical NaNs are arithmetic too).
 */
export function allowedNanResult(params: readonly NumType[], args: readonly Raw[]): 'canonical' | 'arithmetic' {
  for (let i = 0; i < params.length; i++) {
    const c = nanClass(params[i]!, args[i]!);
    if (c === 'arithmetic' || c === 'signalling') return 'arithmetic';
  }
  return 'canonical';
}

/** Whether a NaN result class is within what spec 4.3.3 allows. */
export function nanResultOk(got: NanClass, allowed: 'canonical' | 'arithmetic'): boolean {
  return allowed === 'canonical' ? got === 'canonical' : got === 'canonical' || got === 'arithmetic';
}

// --- The V8 oracle ------------------------------------------------------------------------------

/** The part of the JS WebAssembly API used here (the project's tsconfig has no DOM lib typing it). */
interface WasmJsApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: Readonly<Record<string, unknown>> };
  readonly RuntimeError: new (message?: string) => Error;
}
const wasmApi = (globalThis as unknown as { readonly WebAssembly: WasmJsApi }).WebAssembly;

const VALTYPE: Record<NumType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };
/** Boundary type used to carry each type bit-exactly across the JS API. */
const CARRIER: Record<NumType, NumType> = { i32: 'i32', i64: 'i64', f32: 'i32', f64: 'i64' };
const F32_REINTERPRET_I32 = 0xbe, F64_REINTERPRET_I64 = 0xbf;
const I32_REINTERPRET_F32 = 0xbc, I64_REINTERPRET_F64 = 0xbd;

function section(id: number, payload: readonly number[]): number[] {
  if (payload.length > 127) throw new Error('test module section too large for a one-byte size');
  return [id, payload.length, ...payload];
}

/**
 * A module exporting "f": params carried as i32/i64, reinterpreted to f32/f64 inside, then
 * `local.get 0 (local.get 1) <op>`, the result reinterpreted back to i32/i64 if it is a float.
 */
export function buildOpModule(spec: SpecNumericInstr): Uint8Array {
  const body: number[] = [0x00]; // no locals
  spec.params.forEach((t, i) => {
    body.push(0x20, i); // local.get i
    if (t === 'f32') body.push(F32_REINTERPRET_I32);
    if (t === 'f64') body.push(F64_REINTERPRET_I64);
  });
  body.push(...spec.bytes);
  if (spec.result === 'f32') body.push(I32_REINTERPRET_F32);
  if (spec.result === 'f64') body.push(I64_REINTERPRET_F64);
  body.push(0x0b);
  const funcType = [0x60, spec.params.length, ...spec.params.map((t) => VALTYPE[CARRIER[t]]), 1, VALTYPE[CARRIER[spec.result]]];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...funcType]),
    ...section(3, [1, 0]),
    ...section(7, [1, 1, 0x66, 0x00, 0]),
    ...section(10, [1, body.length, ...body]),
  ]);
}

export type Outcome =
  | { readonly kind: 'value'; readonly raw: Raw }
  | { readonly kind: 'trap'; readonly trap: string };

/** Runs one operator in V8. Returns a function from raw args to the outcome. */
export function v8Operator(spec: SpecNumericInstr): (args: readonly Raw[]) => Outcome {
  const instance = new wasmApi.Instance(new wasmApi.Module(buildOpModule(spec)));
  const f = instance.exports['f'] as (...a: (number | bigint)[]) => number | bigint;
  return (args) => {
    const carried = args.map((a, i) => (spec.params[i] === 'f32' ? (a as number) | 0 : a));
    try {
      const r = f(...carried);
      return { kind: 'value', raw: spec.result === 'f32' ? (r as number) >>> 0 : r };
    } catch (e: unknown) {
      if (e instanceof wasmApi.RuntimeError) return { kind: 'trap', trap: e.message };
      throw e;
    }
  };
}

/**
 * The spec trap kinds (src/errors/Trap.ts wording) a V8 trap message stands for. V8 reports NaN and
 * out-of-range truncation alike as "float unrepresentable in integer range".
 */
export function specKindsOfV8Trap(message: string): readonly string[] {
  if (/divide by zero|remainder by zero/.test(message)) return ['integer divide by zero'];
  if (/divide result unrepresentable/.test(message)) return ['integer overflow'];
  if (/float unrepresentable in integer range/.test(message)) return ['integer overflow', 'invalid conversion to integer'];
  return [];
}

// --- Inputs -------------------------------------------------------------------------------------

const u64 = (x: bigint): bigint => BigInt.asIntN(64, x);

export const I32_EDGES: readonly number[] = [
  0, 1, -1, 2, -2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, 128, 255, 256, -128, -129, 0x7fff,
  0x8000, 0xffff, 0x10000, -0x8000, -0x8001, 0x55555555, 0xaaaaaaaa | 0, 0x01000000, 0x01000001,
  0x7fffffc0, 0x7fffff80, -0x7fffffc0, 0x7ffffffe, 0x7fffffff, -0x80000000, -0x7fffffff, 0xfffffffe | 0,
];

export const I64_EDGES: readonly bigint[] = [
  0n, 1n, -1n, 2n, -2n, 7n, 8n, 31n, 32n, 33n, 63n, 64n, 65n, 127n, 128n, -128n, -129n, 255n,
  0x7fffn, 0x8000n, 0xffffn, -0x8000n, -0x8001n, 0x7fffffffn, 0x80000000n, 0xffffffffn,
  0x100000000n, -0x80000000n, -0x80000001n, 0x20000000000000n, 0x20000000000001n, 0x1fffffffffffffn,
  0x0020000020000001n, -0x0020000020000001n, 0x0020000020000000n, 0x7fffff8000000000n,
  0x7fffff7fffffffffn, 0x7fffffbfffffffffn, u64(0xffffff8000000000n), u64(0x8000008000000001n),
  u64(0x5555555555555555n), u64(0xaaaaaaaaaaaaaaaan), 0x7fffffffffffffffn, -0x8000000000000000n,
  0x7ffffffffffffffen, -0x7fffffffffffffffn, u64(0xfffffffffffffffen), u64(0xffffffff00000000n),
];

export const F32_EDGES: readonly number[] = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001,
  0x7fa00000, 0x7fc00001, 0xffffffff, 0x7fffffff, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000,
  0x3fc00000, 0x40200000, 0xc0200000, 0x40400000, 0x3effffff, 0x3f7fffff, 0xbf7fffff, 0x00000001,
  0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x4b000000, 0x4b000001,
  0x4b7fffff, 0x4b800000, 0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0xceffffff, 0x4f7fffff,
  0x4f800000, 0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001, 0x5f7fffff, 0x5f800000, 0x40490fdb,
  0xbf666666,
];

export const F64_EDGES: readonly bigint[] = [
  0x0000000000000000n, 0x8000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n,
  0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff0000000000001n, 0xfff0000000000001n,
  0x7ff4000000000000n, 0x7ff8000000000001n, 0x7fffffffffffffffn, 0xffffffffffffffffn,
  0x3ff0000000000000n, 0xbff0000000000000n, 0x3fe0000000000000n, 0xbfe0000000000000n,
  0x3ff8000000000000n, 0x4004000000000000n, 0xc004000000000000n, 0x3fdfffffffffffffn,
  0x3fefffffffffffffn, 0xbfefffffffffffffn, 0xbfeccccccccccccdn, 0x0000000000000001n,
  0x000fffffffffffffn, 0x0010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn,
  0x4330000000000000n, 0x4330000000000001n, 0x4340000000000000n, 0x432fffffffffffffn,
  0x41e0000000000000n, 0x41dfffffffc00000n, 0x41dfffffffe00000n, 0x41dfffffffffffffn,
  0xc1e0000000000000n, 0xc1e0000000200000n, 0xc1e0000000100000n, 0xc1e0000000000001n,
  0xc1dfffffffffffffn, 0x41f0000000000000n, 0x41efffffffe00000n, 0x41effffffff00000n,
  0x41efffffffffffffn, 0x43e0000000000000n, 0x43dfffffffffffffn, 0xc3e0000000000000n,
  0xc3e0000000000001n, 0xc3dfffffffffffffn, 0x43f0000000000000n, 0x43efffffffffffffn,
  0x47efffffe0000000n, 0x47effffff0000000n, 0x47efffffefffffffn, 0x36a0000000000000n,
  0x3690000000000000n, 0x3690000000000001n, 0x380fffffe0000000n, 0x380ffffff0000000n,
  0x400921fb54442d18n,
].map(u64);

/** Raw edge values for a type. */
export function edges(t: NumType): readonly Raw[] {
  switch (t) {
    case 'i32': return I32_EDGES;
    case 'i64': return I64_EDGES;
    case 'f32': return F32_EDGES;
    case 'f64': return F64_EDGES;
  }
}

/**
 * 64-bit integers built from segments (sign, a 24-bit significand at a random top position,
 * guard bit, the bits down to double precision, the bits below it), each zero, all ones or random:
 * this hits the i64 -> f32 double-rounding cases that uniform values almost never do.
 */
const structuredI64: fc.Arbitrary<bigint> = fc
  .record({
    top: fc.integer({ min: 24, max: 63 }),
    sig: fc.integer({ min: 0, max: 0x7fffff }),
    guard: fc.boolean(),
    mid: fc.constantFrom<'zero' | 'ones' | 'random'>('zero', 'ones', 'random'),
    low: fc.constantFrom<'zero' | 'one' | 'random'>('zero', 'one', 'random'),
    r: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    negate: fc.boolean(),
  })
  .map(({ top, sig, guard, mid, low, r, negate }) => {
    const t = BigInt(top);
    let v = (BigInt(0x800000 | sig) << (t - 23n));
    if (t >= 24n && guard) v |= 1n << (t - 24n);
    const midHi = t - 25n; // bits midHi .. midLo are above double's last bit
    const midLo = t - 52n > 0n ? t - 52n : 0n;
    if (midHi >= midLo) {
      const width = midHi - midLo + 1n;
      const mask = ((1n << width) - 1n) << midLo;
      v |= mid === 'zero' ? 0n : mid === 'ones' ? mask : r & mask;
    }
    if (midLo > 0n) {
      const mask = (1n << midLo) - 1n;
      v |= low === 'zero' ? 0n : low === 'one' ? 1n : (r >> 7n) & mask;
    }
    return BigInt.asIntN(64, negate ? -v : v);
  });

/** `base` moved by `delta` units in the last place (bit-pattern adjacency). */
const nearF32 = (bases: readonly number[]): fc.Arbitrary<number> =>
  fc.tuple(fc.constantFrom(...bases), fc.integer({ min: -3, max: 3 })).map(([b, d]) => (b + d) >>> 0);
const nearF64 = (bases: readonly bigint[]): fc.Arbitrary<bigint> =>
  fc.tuple(fc.constantFrom(...bases), fc.integer({ min: -3, max: 3 })).map(([b, d]) => u64(b + BigInt(d)));

const F32_BOUNDARIES = [0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x3f800000, 0x3f000000, 0x4b000000, 0x4b800000, 0xbf800000];
const F64_BOUNDARIES = [0x41e0000000000000n, 0xc1e0000000000000n, 0xc1e0000000200000n, 0x41f0000000000000n, 0x43e0000000000000n, 0xc3e0000000000000n, 0x43f0000000000000n, 0x3ff0000000000000n, 0x3fe0000000000000n, 0x4330000000000000n, 0x47effffff0000000n, 0x3690000000000000n].map(u64);

/** Random raw values of a type: uniform bits, edges, near-boundary values, small and half-integers. */
export function arbRaw(t: NumType): fc.Arbitrary<Raw> {
  switch (t) {
    case 'i32':
      return fc.oneof(
        fc.integer({ min: -0x80000000, max: 0x7fffffff }),
        fc.constantFrom(...I32_EDGES),
        fc.integer({ min: -70, max: 70 }),
      );
    case 'i64':
      return fc.oneof(
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        fc.constantFrom(...I64_EDGES),
        fc.bigInt({ min: -130n, max: 130n }),
        fc.integer({ min: -0x80000000, max: 0x7fffffff }).map(BigInt),
        structuredI64,
      );
    case 'f32':
      return fc.oneof(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.constantFrom(...F32_EDGES),
        nearF32(F32_BOUNDARIES),
        fc.integer({ min: -600, max: 600 }).map((n) => bitsOfF32(n / 4)),
        fc.float().map(bitsOfF32),
      );
    case 'f64':
      return fc.oneof(
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        fc.constantFrom(...F64_EDGES),
        nearF64(F64_BOUNDARIES),
        fc.integer({ min: -600, max: 600 }).map((n) => bitsOfF64(n / 4)),
        fc.double().map(bitsOfF64),
        fc.float().map((x) => bitsOfF64(x)),
      );
  }
}

/** Show a raw value of a type for failure messages. */
export function showRaw(t: NumType, raw: Raw): string {
  if (t === 'f32') return `f32:0x${((raw as number) >>> 0).toString(16).padStart(8, '0')}(${f32OfBits(raw as number)})`;
  if (t === 'f64') return `f64:0x${BigInt.asUintN(64, raw as bigint).toString(16).padStart(16, '0')}(${f64OfBits(raw as bigint)})`;
  return `${t}:${String(raw)}`;
}
