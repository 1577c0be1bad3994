import type { Instr } from '../../../../wasm/syntax/instructions';

const i = (op: string, ...imm: Instr['imm']): Instr => ({ op, imm });

/**
 * What an expression may be replaced by, simplest first: a zero constant of each number type,
 * `ref.null` of the bottom type of each hierarchy (a subtype of every nullable reference of that
 * hierarchy), an i31 (for non-nullable i31/eq/any), and `unreachable`, which has every type. The
 * validator picks which fit; callers try them in this order.
 */
export const REPLACEMENTS: readonly (readonly Instr[])[] = [
  [i('i32.const', 0)],
  [i('i64.const', 0n)],
  [i('f32.const', 0)],
  // f64.const carries its bit pattern as a bigint (as the decoder reads it back): +0 is 0n.
  [i('f64.const', 0n)],
  [i('ref.null', 'none')],
  [i('ref.null', 'noextern')],
  [i('ref.null', 'nofunc')],
  [i('i32.const', 0), i('ref.i31')],
  [i('unreachable')],
];

const TRIVIAL = new Set(['i32.const', 'i64.const', 'f32.const', 'f64.const', 'ref.null', 'unreachable', 'nop']);

/** Whether an instruction is already as simple as a replacement (a constant, `ref.null`, `unreachable`). */
export function isTrivial(ins: Instr): boolean {
  return TRIVIAL.has(ins.op);
}
