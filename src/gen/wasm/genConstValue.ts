import type { Instr } from '../../wasm/syntax/instructions';
import type { HeapType, NumType, ValType } from '../../wasm/syntax/types';
import type { Choices } from './choices';
import { f64BitsOf } from '../../wasm/syntax/f64Bits';
import { emit } from './emit';
import type { FuncInfo } from './genContext';
import { ref, unpacked, type TypeSpace } from './typeSpace';

/** What building constant values needs: types and the leaf functions `ref.func` may name. */
export interface ConstEnv {
  readonly c: Choices;
  readonly ts: TypeSpace;
  readonly funcs: readonly FuncInfo[];
  readonly leaves: readonly number[];
}

/** The canonical quiet NaNs (positive sign) the generator uses wherever a NaN may appear. */
export const CANONICAL_NAN_F32 = 0x7fc00000;
export const CANONICAL_NAN_F64_BITS = 0x7ff8000000000000n;

const F32_BITS: readonly number[] = [0, 0x3f800000, 0xbf800000, 0x80000000, 0x7f800000, 0xff800000, CANONICAL_NAN_F32, 0x40490fdb, 0x00000001, 0x7f7fffff, 0x4f000000, 0xcf000000];
const F64_VALUES: readonly number[] = [0, 1, -1, -0, Infinity, -Infinity, NaN, 3.141592653589793, 5e-324, 1.7976931348623157e308, 2147483648, -2147483649, 9007199254740993, 0.5];
const I32_EDGES: readonly number[] = [-1, 0x7fffffff, -0x80000000, 0xff, 0x8000, 31, 32, 64];
const I64_EDGES: readonly bigint[] = [-1n, 0x7fffffffffffffffn, -0x8000000000000000n, 0xffffffffn, 63n, 64n];

export function genI32(c: Choices): number {
  switch (c.weighted([8, 1, 1])) {
    case 0: return c.int(16);
    case 1: return c.pick(I32_EDGES);
    default: return c.u32() | 0;
  }
}

export function genI64(c: Choices): bigint {
  switch (c.weighted([8, 1, 1])) {
    case 0: return BigInt(c.int(16));
    case 1: return c.pick(I64_EDGES);
    default: return BigInt.asIntN(64, (BigInt(c.u32()) << 32n) | BigInt(c.u32()));
  }
}

/** f32 bits: never a NaN other than the canonical one, so NaN payloads cannot leak into results. */
export function genF32Bits(c: Choices): number {
  if (c.chance(0.85)) return c.pick(F32_BITS);
  const bits = c.u32();
  const isNaN = (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0;
  return isNaN ? CANONICAL_NAN_F32 : bits;
}

export function genF64(c: Choices): number {
  if (c.chance(0.85)) return c.pick(F64_VALUES);
  return (c.u32() - 0x80000000) / (1 + c.int(1000));
}

export function genNumConst(c: Choices, t: NumType, out: Instr[]): void {
  switch (t) {
    case 'i32': emit(out, 'i32.const', genI32(c)); return;
    case 'i64': emit(out, 'i64.const', genI64(c)); return;
    case 'f32': emit(out, 'f32.const', genF32Bits(c)); return;
    case 'f64': {
      const x = genF64(c);
      emit(out, 'f64.const', x === x ? f64BitsOf(x) : CANONICAL_NAN_F64_BITS);
      return;
    }
  }
}

/** Whether a value of `t` exists that constant instructions can build without recursion. */
export function inhabited(env: ConstEnv, t: ValType): boolean {
  if (typeof t === 'string' || t.nullable) return true;
  return heapInhabited(env, t.heap);
}

function heapInhabited(env: ConstEnv, h: HeapType): boolean {
  if (typeof h === 'number') {
    const k = env.ts.comp(h).kind;
    if (k !== 'func') return true;
    return env.leaves.some((f) => env.ts.heapSub(env.funcs[f]!.typeIndex, h));
  }
  switch (h) {
    case 'none': case 'noextern': case 'nofunc': return false;
    case 'func': return env.leaves.length > 0;
    case 'struct': return env.ts.indicesOf('struct').length > 0;
    case 'array': return env.ts.indicesOf('array').length > 0;
    default: return true;
  }
}

/**
 * Emits a constant expression (spec 3.3.10: consts, extended-const arithmetic, ref.null, ref.i31,
 * ref.func, struct.new*, array.new*, *.convert_*) of a subtype of `t`, which must be inhabited.
 * `depth` bounds nesting; at 0 the cheapest value is built (null where allowed).
 */
export function genConstValue(env: ConstEnv, t: ValType, depth: number, out: Instr[]): void {
  const c = env.c;
  if (typeof t === 'string') {
    if ((t === 'i32' || t === 'i64') && depth > 0 && c.chance(0.15)) {
      genConstValue(env, t, depth - 1, out);
      genConstValue(env, t, depth - 1, out);
      emit(out, `${t}.${c.pick(['add', 'sub', 'mul'])}`);
      return;
    }
    genNumConst(c, t, out);
    return;
  }
  if (t.nullable && (depth <= 0 || !heapInhabited(env, t.heap) || c.chance(0.3))) {
    emit(out, 'ref.null', c.chance(0.5) ? t.heap : env.ts.bottom(t.heap));
    return;
  }
  genConstHeap(env, t.heap, depth, out);
}

/** A non-null constant value whose type is a subtype of `(ref h)`. */
function genConstHeap(env: ConstEnv, h: HeapType, depth: number, out: Instr[]): void {
  const { c, ts } = env;
  const top = ts.top(h);
  if (top === 'func') {
    const fs = env.leaves.filter((f) => ts.heapSub(env.funcs[f]!.typeIndex, h));
    emit(out, 'ref.func', c.pick(fs));
    return;
  }
  if (top === 'extern') {
    genConstHeap(env, 'i31', depth, out);
    emit(out, 'extern.convert_any');
    return;
  }
  const candidates: number[] = [];
  for (let i = 0; i < ts.size; i++) if (ts.comp(i).kind !== 'func' && ts.heapSub(i, h)) candidates.push(i);
  const i31ok = ts.heapSub('i31', h);
  if (candidates.length === 0 || (i31ok && (depth <= 0 || c.chance(0.25)))) {
    emit(out, 'i32.const', genI32(c));
    emit(out, 'ref.i31');
    return;
  }
  // Smallest index first: cheap construction of non-null fields recurses only downwards.
  const ti = depth <= 0 ? candidates[0]! : c.pick(candidates);
  const comp = ts.comp(ti);
  if (comp.kind === 'struct') {
    if (comp.fields.every((f) => ts.defaultable(f.storage)) && (depth <= 0 || c.chance(0.3))) {
      emit(out, 'struct.new_default', ti);
      return;
    }
    for (const f of comp.fields) genConstValue(env, unpacked(f.storage), depth - 1, out);
    emit(out, 'struct.new', ti);
    return;
  }
  if (comp.kind === 'array') {
    const elem = unpacked(comp.element.storage);
    if (depth <= 0) {
      // Cheapest: two default elements where allowed (so small constant indices are in bounds), else empty.
      if (ts.defaultable(comp.element.storage)) {
        emit(out, 'i32.const', 2);
        emit(out, 'array.new_default', ti);
      } else {
        emit(out, 'array.new_fixed', ti, 0);
      }
      return;
    }
    // Mostly 2..5 elements, so small constant indices are in bounds; empty and single-element arrays stay possible.
    const n = c.chance(0.9) ? 2 + c.int(4) : c.int(2);
    switch (c.weighted([3, 1, 1])) {
      case 0:
        for (let k = 0; k < n; k++) genConstValue(env, elem, depth - 1, out);
        emit(out, 'array.new_fixed', ti, n);
        return;
      case 1:
        genConstValue(env, elem, depth - 1, out);
        emit(out, 'i32.const', n);
        emit(out, 'array.new', ti);
        return;
      default:
        if (ts.defaultable(comp.element.storage)) {
          emit(out, 'i32.const', n);
          emit(out, 'array.new_default', ti);
        } else {
          for (let k = 0; k < n; k++) genConstValue(env, elem, depth - 1, out);
          emit(out, 'array.new_fixed', ti, n);
        }
        return;
    }
  }
  emit(out, 'ref.null', ref(true, h).heap);
}
