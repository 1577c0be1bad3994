import type { BlockType, HeapType, RefType, ValType } from './types';

/**
 * Instructions (spec 2.4). A function body is a flat sequence in binary order: structured
 * instructions appear as `block`/`loop`/`if` ... `else` ... `end` markers, as in the binary format,
 * and validation computes the nesting. `op` is the name of an entry in the single opcode table
 * (src/wasm/opcodeTable.ts); `imm` holds that entry's immediates in binary order, each of the
 * shape its `ImmKind` gives.
 */
export interface Instr {
  readonly op: string;
  readonly imm: readonly ImmValue[];
}

/**
 * Spec 5.4.6 memarg. `align` is the log2 exponent as encoded (0..63); `offset` the u64 offset as a
 * JS number (exact below 2^53; validation requires < 2^32, the memories in scope being 32-bit).
 */
export interface MemArg {
  readonly align: number;
  readonly offset: number;
}

/** br_table's immediates (spec 5.4.1). */
export interface BrTableImm {
  readonly labels: readonly number[];
  readonly defaultLabel: number;
}

/**
 * One catch clause of `try_table` (exception handling, spec 5.4.1): `catch x l`, `catch_ref x l`,
 * `catch_all l`, `catch_all_ref l`. `tag` is present exactly for `catch` and `catch_ref`.
 */
export interface CatchClause {
  readonly kind: 'catch' | 'catch_ref' | 'catch_all' | 'catch_all_ref';
  readonly tag?: number;
  readonly label: number;
}

/** br_on_cast / br_on_cast_fail immediates (spec 5.4.7): the label and the two reference types. */
export interface BrOnCastImm {
  readonly label: number;
  readonly from: RefType;
  readonly to: RefType;
}

/**
 * The shape of each immediate kind:
 * - 'idx' (any index: type, func, table, local, global, elem, data, label, field): number
 * - 'i32': signed 32-bit number;  'i64': signed 64-bit bigint
 * - 'f32': raw u32 bit pattern (number);  'f64': raw u64 bit pattern (bigint; see f64Bits.ts), so a
 *   NaN payload never passes through a JS number on its way from decode to the interpreter
 * - 'blocktype': BlockType;  'memarg': MemArg;  'heaptype': HeapType;  'reftype': RefType
 * - 'valtypes': ValType[] (typed select);  'brtable': BrTableImm;  'brOnCast': BrOnCastImm
 * - 'catches': CatchClause[] (try_table)
 * - 'zero': a reserved 0x00 byte, stored as 0 (memory.size, memory.grow, memory.fill ...)
 */
export type ImmKind = 'idx' | 'i32' | 'i64' | 'f32' | 'f64' | 'blocktype' | 'memarg' | 'heaptype' | 'reftype' | 'valtypes' | 'brtable' | 'brOnCast' | 'catches' | 'zero';
export type ImmValue = number | bigint | BlockType | MemArg | HeapType | RefType | readonly ValType[] | BrTableImm | BrOnCastImm | readonly CatchClause[];

/** A constant expression (spec 3.3.10): the instructions of a global initialiser, offset or element, without the final `end`. */
export type ConstExpr = readonly Instr[];
