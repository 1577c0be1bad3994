import {
  i32Eqz, i32Eq, i32Ne, i32LtS, i32LtU, i32GtS, i32GtU, i32LeS, i32LeU, i32GeS, i32GeU, i32Clz,
  i32Ctz, i32Popcnt, i32Add, i32Sub, i32Mul, i32DivS, i32DivU, i32RemS, i32RemU, i32And, i32Or,
  i32Xor, i32Shl, i32ShrS, i32ShrU, i32Rotl, i32Rotr, i32Extend8S, i32Extend16S,
} from './i32Ops';
import {
  i64Eqz, i64Eq, i64Ne, i64LtS, i64LtU, i64GtS, i64GtU, i64LeS, i64LeU, i64GeS, i64GeU, i64Clz,
  i64Ctz, i64Popcnt, i64Add, i64Sub, i64Mul, i64DivS, i64DivU, i64RemS, i64RemU, i64And, i64Or,
  i64Xor, i64Shl, i64ShrS, i64ShrU, i64Rotl, i64Rotr, i64Extend8S, i64Extend16S, i64Extend32S,
} from './i64Ops';
import {
  f32Eq, f32Ne, f32Lt, f32Gt, f32Le, f32Ge, f32Abs, f32Neg, f32Ceil, f32Floor, f32Trunc,
  f32Nearest, f32Sqrt, f32Add, f32Sub, f32Mul, f32Div, f32Min, f32Max, f32Copysign,
} from './f32Ops';
import {
  f64Eq, f64Ne, f64Lt, f64Gt, f64Le, f64Ge, f64Abs, f64Neg, f64Ceil, f64Floor, f64Trunc,
  f64Nearest, f64Sqrt, f64Add, f64Sub, f64Mul, f64Div, f64Min, f64Max, f64Copysign,
} from './f64Ops';
import {
  i32WrapI64, i32TruncF32S, i32TruncF32U, i32TruncF64S, i32TruncF64U, i64ExtendI32S,
  i64ExtendI32U, i64TruncF32S, i64TruncF32U, i64TruncF64S, i64TruncF64U, f32ConvertI32S,
  f32ConvertI32U, f32ConvertI64S, f32ConvertI64U, f32DemoteF64, f64ConvertI32S, f64ConvertI32U,
  f64ConvertI64S, f64ConvertI64U, f64PromoteF32, i32ReinterpretF32, i64ReinterpretF64,
  f32ReinterpretI32, f64ReinterpretI64, i32TruncSatF32S, i32TruncSatF32U, i32TruncSatF64S,
  i32TruncSatF64U, i64TruncSatF32S, i64TruncSatF32U, i64TruncSatF64S, i64TruncSatF64U,
} from './conversions';

/**
 * Every numeric instruction of spec 4.3 / 6.5.7 (MVP, sign extension, saturating truncation: 136
 * operators), keyed by its text-format mnemonic (the opcode table's `name`), valued by its
 * implementation. An operator takes its operands in stack order (first pushed = first argument)
 * and returns its single result; `fn.length` is its operand count (1 or 2), and the opcode table
 * entry of the same name (src/wasm/opcodeTable.ts) gives its `sig`. Representation: i32
 * signed number, i64 signed bigint, f32 u32 bit pattern, f64 number. Trapping operators throw
 * `Trap` (src/errors/Trap.ts). Constants (`t.const`) are not here: they carry an immediate.
 *
 * Caller beware: V8 quietens signalling NaNs stored into a JS array with double elements (literal,
 * push, spread, map), and an smi-to-double elements transition drops NaN payloads entirely. Keep
 * f64 values on a Float64Array (or pass them as separate arguments), never in a plain number[].
 */
export const NUMERIC_OPS = {
  // i32 test/relational (0x45-0x4f)
  'i32.eqz': i32Eqz,
  'i32.eq': i32Eq,
  'i32.ne': i32Ne,
  'i32.lt_s': i32LtS,
  'i32.lt_u': i32LtU,
  'i32.gt_s': i32GtS,
  'i32.gt_u': i32GtU,
  'i32.le_s': i32LeS,
  'i32.le_u': i32LeU,
  'i32.ge_s': i32GeS,
  'i32.ge_u': i32GeU,
  // i64 test/relational (0x50-0x5a)
  'i64.eqz': i64Eqz,
  'i64.eq': i64Eq,
  'i64.ne': i64Ne,
  'i64.lt_s': i64LtS,
  'i64.lt_u': i64LtU,
  'i64.gt_s': i64GtS,
  'i64.gt_u': i64GtU,
  'i64.le_s': i64LeS,
  'i64.le_u': i64LeU,
  'i64.ge_s': i64GeS,
  'i64.ge_u': i64GeU,
  // f32 relational (0x5b-0x60)
  'f32.eq': f32Eq,
  'f32.ne': f32Ne,
  'f32.lt': f32Lt,
  'f32.gt': f32Gt,
  'f32.le': f32Le,
  'f32.ge': f32Ge,
  // f64 relational (0x61-0x66)
  'f64.eq': f64Eq,
  'f64.ne': f64Ne,
  'f64.lt': f64Lt,
  'f64.gt': f64Gt,
  'f64.le': f64Le,
  'f64.ge': f64Ge,
  // i32 unary/binary (0x67-0x78)
  'i32.clz': i32Clz,
  'i32.ctz': i32Ctz,
  'i32.popcnt': i32Popcnt,
  'i32.add': i32Add,
  'i32.sub': i32Sub,
  'i32.mul': i32Mul,
  'i32.div_s': i32DivS,
  'i32.div_u': i32DivU,
  'i32.rem_s': i32RemS,
  'i32.rem_u': i32RemU,
  'i32.and': i32And,
  'i32.or': i32Or,
  'i32.xor': i32Xor,
  'i32.shl': i32Shl,
  'i32.shr_s': i32ShrS,
  'i32.shr_u': i32ShrU,
  'i32.rotl': i32Rotl,
  'i32.rotr': i32Rotr,
  // i64 unary/binary (0x79-0x8a)
  'i64.clz': i64Clz,
  'i64.ctz': i64Ctz,
  'i64.popcnt': i64Popcnt,
  'i64.add': i64Add,
  'i64.sub': i64Sub,
  'i64.mul': i64Mul,
  'i64.div_s': i64DivS,
  'i64.div_u': i64DivU,
  'i64.rem_s': i64RemS,
  'i64.rem_u': i64RemU,
  'i64.and': i64And,
  'i64.or': i64Or,
  'i64.xor': i64Xor,
  'i64.shl': i64Shl,
  'i64.shr_s': i64ShrS,
  'i64.shr_u': i64ShrU,
  'i64.rotl': i64Rotl,
  'i64.rotr': i64Rotr,
  // f32 unary/binary (0x8b-0x98)
  'f32.abs': f32Abs,
  'f32.neg': f32Neg,
  'f32.ceil': f32Ceil,
  'f32.floor': f32Floor,
  'f32.trunc': f32Trunc,
  'f32.nearest': f32Nearest,
  'f32.sqrt': f32Sqrt,
  'f32.add': f32Add,
  'f32.sub': f32Sub,
  'f32.mul': f32Mul,
  'f32.div': f32Div,
  'f32.min': f32Min,
  'f32.max': f32Max,
  'f32.copysign': f32Copysign,
  // f64 unary/binary (0x99-0xa6)
  'f64.abs': f64Abs,
  'f64.neg': f64Neg,
  'f64.ceil': f64Ceil,
  'f64.floor': f64Floor,
  'f64.trunc': f64Trunc,
  'f64.nearest': f64Nearest,
  'f64.sqrt': f64Sqrt,
  'f64.add': f64Add,
  'f64.sub': f64Sub,
  'f64.mul': f64Mul,
  'f64.div': f64Div,
  'f64.min': f64Min,
  'f64.max': f64Max,
  'f64.copysign': f64Copysign,
  // conversions (0xa7-0xbf)
  'i32.wrap_i64': i32WrapI64,
  'i32.trunc_f32_s': i32TruncF32S,
  'i32.trunc_f32_u': i32TruncF32U,
  'i32.trunc_f64_s': i32TruncF64S,
  'i32.trunc_f64_u': i32TruncF64U,
  'i64.extend_i32_s': i64ExtendI32S,
  'i64.extend_i32_u': i64ExtendI32U,
  'i64.trunc_f32_s': i64TruncF32S,
  'i64.trunc_f32_u': i64TruncF32U,
  'i64.trunc_f64_s': i64TruncF64S,
  'i64.trunc_f64_u': i64TruncF64U,
  'f32.convert_i32_s': f32ConvertI32S,
  'f32.convert_i32_u': f32ConvertI32U,
  'f32.convert_i64_s': f32ConvertI64S,
  'f32.convert_i64_u': f32ConvertI64U,
  'f32.demote_f64': f32DemoteF64,
  'f64.convert_i32_s': f64ConvertI32S,
  'f64.convert_i32_u': f64ConvertI32U,
  'f64.convert_i64_s': f64ConvertI64S,
  'f64.convert_i64_u': f64ConvertI64U,
  'f64.promote_f32': f64PromoteF32,
  'i32.reinterpret_f32': i32ReinterpretF32,
  'i64.reinterpret_f64': i64ReinterpretF64,
  'f32.reinterpret_i32': f32ReinterpretI32,
  'f64.reinterpret_i64': f64ReinterpretI64,
  // sign extension (0xc0-0xc4)
  'i32.extend8_s': i32Extend8S,
  'i32.extend16_s': i32Extend16S,
  'i64.extend8_s': i64Extend8S,
  'i64.extend16_s': i64Extend16S,
  'i64.extend32_s': i64Extend32S,
  // saturating truncation (0xfc 0-7)
  'i32.trunc_sat_f32_s': i32TruncSatF32S,
  'i32.trunc_sat_f32_u': i32TruncSatF32U,
  'i32.trunc_sat_f64_s': i32TruncSatF64S,
  'i32.trunc_sat_f64_u': i32TruncSatF64U,
  'i64.trunc_sat_f32_s': i64TruncSatF32S,
  'i64.trunc_sat_f32_u': i64TruncSatF32U,
  'i64.trunc_sat_f64_s': i64TruncSatF64S,
  'i64.trunc_sat_f64_u': i64TruncSatF64U,
} as const satisfies Readonly<Record<string, NumericOp>>;

/** The mnemonic of a numeric instruction implemented here. */
export type NumericOpName = keyof typeof NUMERIC_OPS;

/** A JS value of a number type: number for i32/f32/f64, bigint for i64. */
export type NumValue = number | bigint;

/** The shape of every entry of NUMERIC_OPS. */
export type NumericOp =
  | ((a: number) => NumValue)
  | ((a: bigint) => NumValue)
  | ((a: number, b: number) => NumValue)
  | ((a: bigint, b: bigint) => NumValue);

/** Whether `name` is a numeric instruction mnemonic of NUMERIC_OPS. */
export function isNumericOpName(name: string): name is NumericOpName {
  return Object.prototype.hasOwnProperty.call(NUMERIC_OPS, name);
}
