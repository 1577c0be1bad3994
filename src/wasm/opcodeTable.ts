import { InvariantError } from '../errors/InvariantError';
import type { ImmKind } from './syntax/instructions';
import type { NumType } from './syntax/types';

/**
 * The one opcode table. The decoder, encoder, validator, WAT printer and the Wasm program
 * generator all derive from it: adding an instruction means adding one entry here.
 *
 * Each entry is one binary opcode (spec 5.4). `name` is unique and is the text-format mnemonic
 * (spec 6.5) where the mnemonic alone identifies the opcode; where one mnemonic has two binary
 * forms (e.g. `ref.test` with a nullable or non-nullable target) the entry names are
 * distinguished as documented next to those entries.
 */
export interface OpcodeEntry {
  /** Unique; used as `Instr.op`. */
  readonly name: string;
  /** 0xFB (GC) or 0xFC (misc: saturating truncation, bulk memory, tables), absent for one-byte opcodes. */
  readonly prefix?: 0xfb | 0xfc;
  /** The opcode byte, or the u32 (LEB128) sub-opcode after the prefix. */
  readonly code: number;
  /** Immediates in binary order. */
  readonly imm: readonly ImmKind[];
  /**
   * For instructions whose typing is a fixed numeric signature `[params] -> [results]` (spec 3.3,
   * the numeric and memory instructions), the validator types the operand stack from this alone.
   * For memory instructions the sig is only the stack typing: the validator still checks that
   * memory 0 exists, memarg alignment, and data indices. Absent for instructions with custom
   * typing rules (control, references, tables, GC, variables...).
   */
  readonly sig?: readonly [readonly NumType[], readonly NumType[]];
  /** Spec chapter grouping, used by generators and coverage reports. */
  readonly group: 'control' | 'reference' | 'parametric' | 'variable' | 'table' | 'memory' | 'numeric' | 'gc';
  /** Allowed in constant expressions (spec 3.3.10). */
  readonly constant?: boolean;
  /** May allocate or call out, so a collection can happen while it runs: a GC safepoint. */
  readonly safepoint?: boolean;
}

/** Opcodes of features outside gcfuzz's scope: the decoder rejects them with a DecodeError naming the feature. */
export interface OutOfScopeOpcode {
  readonly prefix?: number;
  readonly code?: number;
  readonly feature: 'SIMD' | 'threads' | 'exception handling' | 'tail calls' | 'memory64' | 'multi-memory' | 'stack switching';
}

/**
 * Every in-scope instruction (spec 5.4), grouped by spec section (binary-opcode order within a group).
 *
 * Naming where one mnemonic has two binary forms:
 * - `select` is 0x1B (untyped); `select t` is 0x1C, the typed form `select (result t*)`.
 * - `ref.test` / `ref.cast` are 0xFB 20 / 22 with a non-nullable target type;
 *   `ref.test null` / `ref.cast null` are 0xFB 21 / 23 with a nullable target. Their one
 *   immediate is the target heap type.
 * `else` and `end` are entries too: a body is the flat binary instruction sequence.
 *
 * Immediate notes: `call_indirect` is [type index, table index] (binary order);
 * `memory.init` is [data index, zero]; `memory.copy` is [zero, zero]; `table.init` is
 * [elem index, table index]; `table.copy` is [destination table, source table];
 * `struct.get*`/`struct.set` are [type index, field index]; `array.new_fixed` is [type index, N];
 * `array.copy` is [destination type, source type]; `array.new_data`/`array.init_data` are
 * [type index, data index]; `array.new_elem`/`array.init_elem` are [type index, elem index].
 */
export const OPCODES: readonly OpcodeEntry[] = [
  // Control instructions (spec 5.4.1).
  { name: 'unreachable', code: 0x00, imm: [], group: 'control' },
  { name: 'nop', code: 0x01, imm: [], group: 'control' },
  { name: 'block', code: 0x02, imm: ['blocktype'], group: 'control' },
  { name: 'loop', code: 0x03, imm: ['blocktype'], group: 'control' },
  { name: 'if', code: 0x04, imm: ['blocktype'], group: 'control' },
  { name: 'else', code: 0x05, imm: [], group: 'control' },
  { name: 'throw', code: 0x08, imm: ['idx'], group: 'control', safepoint: true },
  { name: 'throw_ref', code: 0x0a, imm: [], group: 'control' },
  { name: 'end', code: 0x0b, imm: [], group: 'control' },
  { name: 'br', code: 0x0c, imm: ['idx'], group: 'control' },
  { name: 'br_if', code: 0x0d, imm: ['idx'], group: 'control' },
  { name: 'br_table', code: 0x0e, imm: ['brtable'], group: 'control' },
  { name: 'return', code: 0x0f, imm: [], group: 'control' },
  { name: 'call', code: 0x10, imm: ['idx'], group: 'control', safepoint: true },
  { name: 'call_indirect', code: 0x11, imm: ['idx', 'idx'], group: 'control', safepoint: true },
  { name: 'return_call', code: 0x12, imm: ['idx'], group: 'control', safepoint: true },
  { name: 'return_call_indirect', code: 0x13, imm: ['idx', 'idx'], group: 'control', safepoint: true },
  { name: 'call_ref', code: 0x14, imm: ['idx'], group: 'control', safepoint: true },
  { name: 'return_call_ref', code: 0x15, imm: ['idx'], group: 'control', safepoint: true },
  { name: 'try_table', code: 0x1f, imm: ['blocktype', 'catches'], group: 'control' },
  // Parametric instructions (spec 5.4.3).
  { name: 'drop', code: 0x1a, imm: [], group: 'parametric' },
  { name: 'select', code: 0x1b, imm: [], group: 'parametric' },
  { name: 'select t', code: 0x1c, imm: ['valtypes'], group: 'parametric' },
  // Variable instructions (spec 5.4.4).
  { name: 'local.get', code: 0x20, imm: ['idx'], group: 'variable' },
  { name: 'local.set', code: 0x21, imm: ['idx'], group: 'variable' },
  { name: 'local.tee', code: 0x22, imm: ['idx'], group: 'variable' },
  { name: 'global.get', code: 0x23, imm: ['idx'], group: 'variable', constant: true },
  { name: 'global.set', code: 0x24, imm: ['idx'], group: 'variable' },
  // Table instructions (spec 5.4.5).
  { name: 'table.get', code: 0x25, imm: ['idx'], group: 'table' },
  { name: 'table.set', code: 0x26, imm: ['idx'], group: 'table' },
  // Memory instructions (spec 5.4.6).
  { name: 'i32.load', code: 0x28, imm: ['memarg'], sig: [['i32'], ['i32']], group: 'memory' },
  { name: 'i64.load', code: 0x29, imm: ['memarg'], sig: [['i32'], ['i64']], group: 'memory' },
  { name: 'f32.load', code: 0x2a, imm: ['memarg'], sig: [['i32'], ['f32']], group: 'memory' },
  { name: 'f64.load', code: 0x2b, imm: ['memarg'], sig: [['i32'], ['f64']], group: 'memory' },
  { name: 'i32.load8_s', code: 0x2c, imm: ['memarg'], sig: [['i32'], ['i32']], group: 'memory' },
  { name: 'i32.load8_u', code: 0x2d, imm: ['memarg'], sig: [['i32'], ['i32']], group: 'memory' },
  { name: 'i32.load16_s', code: 0x2e, imm: ['memarg'], sig: [['i32'], ['i32']], group: 'memory' },
  { name: 'i32.load16_u', code: 0x2f, imm: ['memarg'], sig: [['i32'], ['i32']], group: 'memory' },
  { name: 'i64.load8_s', code: 0x30, imm: ['memarg'], sig: [['i32'], ['i64']], group: 'memory' },
  { name: 'i64.load8_u', code: 0x31, imm: ['memarg'], sig: [['i32'], ['i64']], group: 'memory' },
  { name: 'i64.load16_s', code: 0x32, imm: ['memarg'], sig: [['i32'], ['i64']], group: 'memory' },
  { name: 'i64.load16_u', code: 0x33, imm: ['memarg'], sig: [['i32'], ['i64']], group: 'memory' },
  { name: 'i64.load32_s', code: 0x34, imm: ['memarg'], sig: [['i32'], ['i64']], group: 'memory' },
  { name: 'i64.load32_u', code: 0x35, imm: ['memarg'], sig: [['i32'], ['i64']], group: 'memory' },
  { name: 'i32.store', code: 0x36, imm: ['memarg'], sig: [['i32', 'i32'], []], group: 'memory' },
  { name: 'i64.store', code: 0x37, imm: ['memarg'], sig: [['i32', 'i64'], []], group: 'memory' },
  { name: 'f32.store', code: 0x38, imm: ['memarg'], sig: [['i32', 'f32'], []], group: 'memory' },
  { name: 'f64.store', code: 0x39, imm: ['memarg'], sig: [['i32', 'f64'], []], group: 'memory' },
  { name: 'i32.store8', code: 0x3a, imm: ['memarg'], sig: [['i32', 'i32'], []], group: 'memory' },
  { name: 'i32.store16', code: 0x3b, imm: ['memarg'], sig: [['i32', 'i32'], []], group: 'memory' },
  { name: 'i64.store8', code: 0x3c, imm: ['memarg'], sig: [['i32', 'i64'], []], group: 'memory' },
  { name: 'i64.store16', code: 0x3d, imm: ['memarg'], sig: [['i32', 'i64'], []], group: 'memory' },
  { name: 'i64.store32', code: 0x3e, imm: ['memarg'], sig: [['i32', 'i64'], []], group: 'memory' },
  { name: 'memory.size', code: 0x3f, imm: ['zero'], sig: [[], ['i32']], group: 'memory' },
  { name: 'memory.grow', code: 0x40, imm: ['zero'], sig: [['i32'], ['i32']], group: 'memory' },
  // Numeric instructions (spec 5.4.8).
  { name: 'i32.const', code: 0x41, imm: ['i32'], sig: [[], ['i32']], group: 'numeric', constant: true },
  { name: 'i64.const', code: 0x42, imm: ['i64'], sig: [[], ['i64']], group: 'numeric', constant: true },
  { name: 'f32.const', code: 0x43, imm: ['f32'], sig: [[], ['f32']], group: 'numeric', constant: true },
  { name: 'f64.const', code: 0x44, imm: ['f64'], sig: [[], ['f64']], group: 'numeric', constant: true },
  { name: 'i32.eqz', code: 0x45, imm: [], sig: [['i32'], ['i32']], group: 'numeric' },
  { name: 'i32.eq', code: 0x46, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.ne', code: 0x47, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.lt_s', code: 0x48, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.lt_u', code: 0x49, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.gt_s', code: 0x4a, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.gt_u', code: 0x4b, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.le_s', code: 0x4c, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.le_u', code: 0x4d, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.ge_s', code: 0x4e, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.ge_u', code: 0x4f, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i64.eqz', code: 0x50, imm: [], sig: [['i64'], ['i32']], group: 'numeric' },
  { name: 'i64.eq', code: 0x51, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'i64.ne', code: 0x52, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'i64.lt_s', code: 0x53, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'i64.lt_u', code: 0x54, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'i64.gt_s', code: 0x55, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'i64.gt_u', code: 0x56, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'i64.le_s', code: 0x57, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'i64.le_u', code: 0x58, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'i64.ge_s', code: 0x59, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'i64.ge_u', code: 0x5a, imm: [], sig: [['i64', 'i64'], ['i32']], group: 'numeric' },
  { name: 'f32.eq', code: 0x5b, imm: [], sig: [['f32', 'f32'], ['i32']], group: 'numeric' },
  { name: 'f32.ne', code: 0x5c, imm: [], sig: [['f32', 'f32'], ['i32']], group: 'numeric' },
  { name: 'f32.lt', code: 0x5d, imm: [], sig: [['f32', 'f32'], ['i32']], group: 'numeric' },
  { name: 'f32.gt', code: 0x5e, imm: [], sig: [['f32', 'f32'], ['i32']], group: 'numeric' },
  { name: 'f32.le', code: 0x5f, imm: [], sig: [['f32', 'f32'], ['i32']], group: 'numeric' },
  { name: 'f32.ge', code: 0x60, imm: [], sig: [['f32', 'f32'], ['i32']], group: 'numeric' },
  { name: 'f64.eq', code: 0x61, imm: [], sig: [['f64', 'f64'], ['i32']], group: 'numeric' },
  { name: 'f64.ne', code: 0x62, imm: [], sig: [['f64', 'f64'], ['i32']], group: 'numeric' },
  { name: 'f64.lt', code: 0x63, imm: [], sig: [['f64', 'f64'], ['i32']], group: 'numeric' },
  { name: 'f64.gt', code: 0x64, imm: [], sig: [['f64', 'f64'], ['i32']], group: 'numeric' },
  { name: 'f64.le', code: 0x65, imm: [], sig: [['f64', 'f64'], ['i32']], group: 'numeric' },
  { name: 'f64.ge', code: 0x66, imm: [], sig: [['f64', 'f64'], ['i32']], group: 'numeric' },
  { name: 'i32.clz', code: 0x67, imm: [], sig: [['i32'], ['i32']], group: 'numeric' },
  { name: 'i32.ctz', code: 0x68, imm: [], sig: [['i32'], ['i32']], group: 'numeric' },
  { name: 'i32.popcnt', code: 0x69, imm: [], sig: [['i32'], ['i32']], group: 'numeric' },
  { name: 'i32.add', code: 0x6a, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric', constant: true },
  { name: 'i32.sub', code: 0x6b, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric', constant: true },
  { name: 'i32.mul', code: 0x6c, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric', constant: true },
  { name: 'i32.div_s', code: 0x6d, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.div_u', code: 0x6e, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.rem_s', code: 0x6f, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.rem_u', code: 0x70, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.and', code: 0x71, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.or', code: 0x72, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.xor', code: 0x73, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.shl', code: 0x74, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.shr_s', code: 0x75, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.shr_u', code: 0x76, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.rotl', code: 0x77, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i32.rotr', code: 0x78, imm: [], sig: [['i32', 'i32'], ['i32']], group: 'numeric' },
  { name: 'i64.clz', code: 0x79, imm: [], sig: [['i64'], ['i64']], group: 'numeric' },
  { name: 'i64.ctz', code: 0x7a, imm: [], sig: [['i64'], ['i64']], group: 'numeric' },
  { name: 'i64.popcnt', code: 0x7b, imm: [], sig: [['i64'], ['i64']], group: 'numeric' },
  { name: 'i64.add', code: 0x7c, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric', constant: true },
  { name: 'i64.sub', code: 0x7d, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric', constant: true },
  { name: 'i64.mul', code: 0x7e, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric', constant: true },
  { name: 'i64.div_s', code: 0x7f, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.div_u', code: 0x80, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.rem_s', code: 0x81, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.rem_u', code: 0x82, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.and', code: 0x83, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.or', code: 0x84, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.xor', code: 0x85, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.shl', code: 0x86, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.shr_s', code: 0x87, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.shr_u', code: 0x88, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.rotl', code: 0x89, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'i64.rotr', code: 0x8a, imm: [], sig: [['i64', 'i64'], ['i64']], group: 'numeric' },
  { name: 'f32.abs', code: 0x8b, imm: [], sig: [['f32'], ['f32']], group: 'numeric' },
  { name: 'f32.neg', code: 0x8c, imm: [], sig: [['f32'], ['f32']], group: 'numeric' },
  { name: 'f32.ceil', code: 0x8d, imm: [], sig: [['f32'], ['f32']], group: 'numeric' },
  { name: 'f32.floor', code: 0x8e, imm: [], sig: [['f32'], ['f32']], group: 'numeric' },
  { name: 'f32.trunc', code: 0x8f, imm: [], sig: [['f32'], ['f32']], group: 'numeric' },
  { name: 'f32.nearest', code: 0x90, imm: [], sig: [['f32'], ['f32']], group: 'numeric' },
  { name: 'f32.sqrt', code: 0x91, imm: [], sig: [['f32'], ['f32']], group: 'numeric' },
  { name: 'f32.add', code: 0x92, imm: [], sig: [['f32', 'f32'], ['f32']], group: 'numeric' },
  { name: 'f32.sub', code: 0x93, imm: [], sig: [['f32', 'f32'], ['f32']], group: 'numeric' },
  { name: 'f32.mul', code: 0x94, imm: [], sig: [['f32', 'f32'], ['f32']], group: 'numeric' },
  { name: 'f32.div', code: 0x95, imm: [], sig: [['f32', 'f32'], ['f32']], group: 'numeric' },
  { name: 'f32.min', code: 0x96, imm: [], sig: [['f32', 'f32'], ['f32']], group: 'numeric' },
  { name: 'f32.max', code: 0x97, imm: [], sig: [['f32', 'f32'], ['f32']], group: 'numeric' },
  { name: 'f32.copysign', code: 0x98, imm: [], sig: [['f32', 'f32'], ['f32']], group: 'numeric' },
  { name: 'f64.abs', code: 0x99, imm: [], sig: [['f64'], ['f64']], group: 'numeric' },
  { name: 'f64.neg', code: 0x9a, imm: [], sig: [['f64'], ['f64']], group: 'numeric' },
  { name: 'f64.ceil', code: 0x9b, imm: [], sig: [['f64'], ['f64']], group: 'numeric' },
  { name: 'f64.floor', code: 0x9c, imm: [], sig: [['f64'], ['f64']], group: 'numeric' },
  { name: 'f64.trunc', code: 0x9d, imm: [], sig: [['f64'], ['f64']], group: 'numeric' },
  { name: 'f64.nearest', code: 0x9e, imm: [], sig: [['f64'], ['f64']], group: 'numeric' },
  { name: 'f64.sqrt', code: 0x9f, imm: [], sig: [['f64'], ['f64']], group: 'numeric' },
  { name: 'f64.add', code: 0xa0, imm: [], sig: [['f64', 'f64'], ['f64']], group: 'numeric' },
  { name: 'f64.sub', code: 0xa1, imm: [], sig: [['f64', 'f64'], ['f64']], group: 'numeric' },
  { name: 'f64.mul', code: 0xa2, imm: [], sig: [['f64', 'f64'], ['f64']], group: 'numeric' },
  { name: 'f64.div', code: 0xa3, imm: [], sig: [['f64', 'f64'], ['f64']], group: 'numeric' },
  { name: 'f64.min', code: 0xa4, imm: [], sig: [['f64', 'f64'], ['f64']], group: 'numeric' },
  { name: 'f64.max', code: 0xa5, imm: [], sig: [['f64', 'f64'], ['f64']], group: 'numeric' },
  { name: 'f64.copysign', code: 0xa6, imm: [], sig: [['f64', 'f64'], ['f64']], group: 'numeric' },
  { name: 'i32.wrap_i64', code: 0xa7, imm: [], sig: [['i64'], ['i32']], group: 'numeric' },
  { name: 'i32.trunc_f32_s', code: 0xa8, imm: [], sig: [['f32'], ['i32']], group: 'numeric' },
  { name: 'i32.trunc_f32_u', code: 0xa9, imm: [], sig: [['f32'], ['i32']], group: 'numeric' },
  { name: 'i32.trunc_f64_s', code: 0xaa, imm: [], sig: [['f64'], ['i32']], group: 'numeric' },
  { name: 'i32.trunc_f64_u', code: 0xab, imm: [], sig: [['f64'], ['i32']], group: 'numeric' },
  { name: 'i64.extend_i32_s', code: 0xac, imm: [], sig: [['i32'], ['i64']], group: 'numeric' },
  { name: 'i64.extend_i32_u', code: 0xad, imm: [], sig: [['i32'], ['i64']], group: 'numeric' },
  { name: 'i64.trunc_f32_s', code: 0xae, imm: [], sig: [['f32'], ['i64']], group: 'numeric' },
  { name: 'i64.trunc_f32_u', code: 0xaf, imm: [], sig: [['f32'], ['i64']], group: 'numeric' },
  { name: 'i64.trunc_f64_s', code: 0xb0, imm: [], sig: [['f64'], ['i64']], group: 'numeric' },
  { name: 'i64.trunc_f64_u', code: 0xb1, imm: [], sig: [['f64'], ['i64']], group: 'numeric' },
  { name: 'f32.convert_i32_s', code: 0xb2, imm: [], sig: [['i32'], ['f32']], group: 'numeric' },
  { name: 'f32.convert_i32_u', code: 0xb3, imm: [], sig: [['i32'], ['f32']], group: 'numeric' },
  { name: 'f32.convert_i64_s', code: 0xb4, imm: [], sig: [['i64'], ['f32']], group: 'numeric' },
  { name: 'f32.convert_i64_u', code: 0xb5, imm: [], sig: [['i64'], ['f32']], group: 'numeric' },
  { name: 'f32.demote_f64', code: 0xb6, imm: [], sig: [['f64'], ['f32']], group: 'numeric' },
  { name: 'f64.convert_i32_s', code: 0xb7, imm: [], sig: [['i32'], ['f64']], group: 'numeric' },
  { name: 'f64.convert_i32_u', code: 0xb8, imm: [], sig: [['i32'], ['f64']], group: 'numeric' },
  { name: 'f64.convert_i64_s', code: 0xb9, imm: [], sig: [['i64'], ['f64']], group: 'numeric' },
  { name: 'f64.convert_i64_u', code: 0xba, imm: [], sig: [['i64'], ['f64']], group: 'numeric' },
  { name: 'f64.promote_f32', code: 0xbb, imm: [], sig: [['f32'], ['f64']], group: 'numeric' },
  { name: 'i32.reinterpret_f32', code: 0xbc, imm: [], sig: [['f32'], ['i32']], group: 'numeric' },
  { name: 'i64.reinterpret_f64', code: 0xbd, imm: [], sig: [['f64'], ['i64']], group: 'numeric' },
  { name: 'f32.reinterpret_i32', code: 0xbe, imm: [], sig: [['i32'], ['f32']], group: 'numeric' },
  { name: 'f64.reinterpret_i64', code: 0xbf, imm: [], sig: [['i64'], ['f64']], group: 'numeric' },
  { name: 'i32.extend8_s', code: 0xc0, imm: [], sig: [['i32'], ['i32']], group: 'numeric' },
  { name: 'i32.extend16_s', code: 0xc1, imm: [], sig: [['i32'], ['i32']], group: 'numeric' },
  { name: 'i64.extend8_s', code: 0xc2, imm: [], sig: [['i64'], ['i64']], group: 'numeric' },
  { name: 'i64.extend16_s', code: 0xc3, imm: [], sig: [['i64'], ['i64']], group: 'numeric' },
  { name: 'i64.extend32_s', code: 0xc4, imm: [], sig: [['i64'], ['i64']], group: 'numeric' },
  { name: 'i32.trunc_sat_f32_s', prefix: 0xfc, code: 0, imm: [], sig: [['f32'], ['i32']], group: 'numeric' },
  { name: 'i32.trunc_sat_f32_u', prefix: 0xfc, code: 1, imm: [], sig: [['f32'], ['i32']], group: 'numeric' },
  { name: 'i32.trunc_sat_f64_s', prefix: 0xfc, code: 2, imm: [], sig: [['f64'], ['i32']], group: 'numeric' },
  { name: 'i32.trunc_sat_f64_u', prefix: 0xfc, code: 3, imm: [], sig: [['f64'], ['i32']], group: 'numeric' },
  { name: 'i64.trunc_sat_f32_s', prefix: 0xfc, code: 4, imm: [], sig: [['f32'], ['i64']], group: 'numeric' },
  { name: 'i64.trunc_sat_f32_u', prefix: 0xfc, code: 5, imm: [], sig: [['f32'], ['i64']], group: 'numeric' },
  { name: 'i64.trunc_sat_f64_s', prefix: 0xfc, code: 6, imm: [], sig: [['f64'], ['i64']], group: 'numeric' },
  { name: 'i64.trunc_sat_f64_u', prefix: 0xfc, code: 7, imm: [], sig: [['f64'], ['i64']], group: 'numeric' },
  // Reference instructions (spec 5.4.2).
  { name: 'ref.null', code: 0xd0, imm: ['heaptype'], group: 'reference', constant: true },
  { name: 'ref.is_null', code: 0xd1, imm: [], group: 'reference' },
  { name: 'ref.func', code: 0xd2, imm: ['idx'], group: 'reference', constant: true },
  { name: 'ref.eq', code: 0xd3, imm: [], group: 'reference' },
  { name: 'ref.as_non_null', code: 0xd4, imm: [], group: 'reference' },
  { name: 'br_on_null', code: 0xd5, imm: ['idx'], group: 'control' },
  { name: 'br_on_non_null', code: 0xd6, imm: ['idx'], group: 'control' },
  // GC instructions, prefix 0xFB (spec 5.4.7).
  { name: 'struct.new', prefix: 0xfb, code: 0, imm: ['idx'], group: 'gc', constant: true, safepoint: true },
  { name: 'struct.new_default', prefix: 0xfb, code: 1, imm: ['idx'], group: 'gc', constant: true, safepoint: true },
  { name: 'struct.get', prefix: 0xfb, code: 2, imm: ['idx', 'idx'], group: 'gc' },
  { name: 'struct.get_s', prefix: 0xfb, code: 3, imm: ['idx', 'idx'], group: 'gc' },
  { name: 'struct.get_u', prefix: 0xfb, code: 4, imm: ['idx', 'idx'], group: 'gc' },
  { name: 'struct.set', prefix: 0xfb, code: 5, imm: ['idx', 'idx'], group: 'gc' },
  { name: 'array.new', prefix: 0xfb, code: 6, imm: ['idx'], group: 'gc', constant: true, safepoint: true },
  { name: 'array.new_default', prefix: 0xfb, code: 7, imm: ['idx'], group: 'gc', constant: true, safepoint: true },
  { name: 'array.new_fixed', prefix: 0xfb, code: 8, imm: ['idx', 'idx'], group: 'gc', constant: true, safepoint: true },
  { name: 'array.new_data', prefix: 0xfb, code: 9, imm: ['idx', 'idx'], group: 'gc', safepoint: true },
  { name: 'array.new_elem', prefix: 0xfb, code: 10, imm: ['idx', 'idx'], group: 'gc', safepoint: true },
  { name: 'array.get', prefix: 0xfb, code: 11, imm: ['idx'], group: 'gc' },
  { name: 'array.get_s', prefix: 0xfb, code: 12, imm: ['idx'], group: 'gc' },
  { name: 'array.get_u', prefix: 0xfb, code: 13, imm: ['idx'], group: 'gc' },
  { name: 'array.set', prefix: 0xfb, code: 14, imm: ['idx'], group: 'gc' },
  { name: 'array.len', prefix: 0xfb, code: 15, imm: [], group: 'gc' },
  { name: 'array.fill', prefix: 0xfb, code: 16, imm: ['idx'], group: 'gc' },
  { name: 'array.copy', prefix: 0xfb, code: 17, imm: ['idx', 'idx'], group: 'gc' },
  { name: 'array.init_data', prefix: 0xfb, code: 18, imm: ['idx', 'idx'], group: 'gc' },
  { name: 'array.init_elem', prefix: 0xfb, code: 19, imm: ['idx', 'idx'], group: 'gc' },
  { name: 'ref.test', prefix: 0xfb, code: 20, imm: ['heaptype'], group: 'gc' },
  { name: 'ref.test null', prefix: 0xfb, code: 21, imm: ['heaptype'], group: 'gc' },
  { name: 'ref.cast', prefix: 0xfb, code: 22, imm: ['heaptype'], group: 'gc' },
  { name: 'ref.cast null', prefix: 0xfb, code: 23, imm: ['heaptype'], group: 'gc' },
  { name: 'br_on_cast', prefix: 0xfb, code: 24, imm: ['brOnCast'], group: 'gc' },
  { name: 'br_on_cast_fail', prefix: 0xfb, code: 25, imm: ['brOnCast'], group: 'gc' },
  { name: 'any.convert_extern', prefix: 0xfb, code: 26, imm: [], group: 'gc', constant: true },
  { name: 'extern.convert_any', prefix: 0xfb, code: 27, imm: [], group: 'gc', constant: true },
  { name: 'ref.i31', prefix: 0xfb, code: 28, imm: [], group: 'gc', constant: true },
  { name: 'i31.get_s', prefix: 0xfb, code: 29, imm: [], group: 'gc' },
  { name: 'i31.get_u', prefix: 0xfb, code: 30, imm: [], group: 'gc' },
  // Bulk memory and table instructions, prefix 0xFC (spec 5.4.5, 5.4.6).
  { name: 'memory.init', prefix: 0xfc, code: 8, imm: ['idx', 'zero'], sig: [['i32', 'i32', 'i32'], []], group: 'memory' },
  { name: 'data.drop', prefix: 0xfc, code: 9, imm: ['idx'], sig: [[], []], group: 'memory' },
  { name: 'memory.copy', prefix: 0xfc, code: 10, imm: ['zero', 'zero'], sig: [['i32', 'i32', 'i32'], []], group: 'memory' },
  { name: 'memory.fill', prefix: 0xfc, code: 11, imm: ['zero'], sig: [['i32', 'i32', 'i32'], []], group: 'memory' },
  { name: 'table.init', prefix: 0xfc, code: 12, imm: ['idx', 'idx'], group: 'table' },
  { name: 'elem.drop', prefix: 0xfc, code: 13, imm: ['idx'], group: 'table' },
  { name: 'table.copy', prefix: 0xfc, code: 14, imm: ['idx', 'idx'], group: 'table' },
  { name: 'table.grow', prefix: 0xfc, code: 15, imm: ['idx'], group: 'table' },
  { name: 'table.size', prefix: 0xfc, code: 16, imm: ['idx'], group: 'table' },
  { name: 'table.fill', prefix: 0xfc, code: 17, imm: ['idx'], group: 'table' },
];

/**
 * Opcodes of out-of-scope features. An entry without `code` covers the whole prefix. The decoder
 * rejects these with "<feature> is not supported". Non-opcode encodings of out-of-scope features
 * (cont heap types, 64-bit or shared limits, memory indices other than
 * 0) are rejected by the decoder too, with the same message form.
 */
export const OUT_OF_SCOPE: readonly OutOfScopeOpcode[] = [
  { prefix: 0xfd, feature: 'SIMD' },
  { prefix: 0xfe, feature: 'threads' },
  { code: 0x06, feature: 'exception handling' }, // try (legacy; try_table, throw and throw_ref are in scope)
  { code: 0x07, feature: 'exception handling' }, // catch (legacy)
  { code: 0x09, feature: 'exception handling' }, // rethrow (legacy)
  { code: 0x18, feature: 'exception handling' }, // delegate (legacy)
  { code: 0x19, feature: 'exception handling' }, // catch_all (legacy)
  { code: 0xe0, feature: 'stack switching' }, // cont.new
  { code: 0xe1, feature: 'stack switching' }, // cont.bind
  { code: 0xe2, feature: 'stack switching' }, // suspend
  { code: 0xe3, feature: 'stack switching' }, // resume
  { code: 0xe4, feature: 'stack switching' }, // resume_throw
  { code: 0xe5, feature: 'stack switching' }, // switch
];

/** The map key of an opcode: `code` for one-byte opcodes, `prefix * 2^32 + code` otherwise. */
export function opcodeKey(prefix: number | undefined, code: number): number {
  return prefix === undefined ? code : prefix * 0x1_0000_0000 + code;
}

const BY_NAME: ReadonlyMap<string, OpcodeEntry> = new Map(OPCODES.map((e) => [e.name, e]));
const BY_KEY: ReadonlyMap<number, OpcodeEntry> = new Map(OPCODES.map((e) => [opcodeKey(e.prefix, e.code), e]));

/** The entry named `name` (an `Instr.op`). Throws InvariantError for an unknown name: names come from this table. */
export function opcodeByName(name: string): OpcodeEntry {
  const e = BY_NAME.get(name);
  if (e === undefined) throw new InvariantError('unknown opcode name', name);
  return e;
}

/** The entry named `name`, or undefined. */
export function findOpcodeByName(name: string): OpcodeEntry | undefined {
  return BY_NAME.get(name);
}

/** The entry for a binary opcode (`prefix` absent for one-byte opcodes), or undefined when it is not in scope. */
export function opcodeByCode(prefix: number | undefined, code: number): OpcodeEntry | undefined {
  return BY_KEY.get(opcodeKey(prefix, code));
}

/** The out-of-scope feature a binary opcode belongs to, or undefined. */
export function outOfScopeFeature(prefix: number | undefined, code: number): OutOfScopeOpcode['feature'] | undefined {
  for (const o of OUT_OF_SCOPE) {
    if (prefix === undefined) {
      if (o.prefix === undefined && o.code === code) return o.feature;
      if (o.prefix === code && o.code === undefined) return o.feature;
    } else if (o.prefix === prefix && (o.code === undefined || o.code === code)) {
      return o.feature;
    }
  }
  return undefined;
}

/** The entries allowed in constant expressions (spec 3.3.10, extended-const + GC). */
export const CONSTANT_OPCODES: readonly OpcodeEntry[] = OPCODES.filter((e) => e.constant === true);

/** The entries that are GC safepoints. */
export const SAFEPOINT_OPCODES: readonly OpcodeEntry[] = OPCODES.filter((e) => e.safepoint === true);
