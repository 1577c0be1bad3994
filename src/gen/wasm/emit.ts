import { InvariantError } from '../../errors/InvariantError';
import { findOpcodeByName } from '../../wasm/opcodeTable';
import type { ImmValue, Instr } from '../../wasm/syntax/instructions';

/**
 * Appends `{op, imm}` to `out`. `op` must name an opcode-table entry with as many immediates as
 * given: the generator emits nothing the table does not define.
 */
export function emit(out: Instr[], op: string, ...imm: ImmValue[]): void {
  const e = findOpcodeByName(op);
  if (e === undefined || e.imm.length !== imm.length) throw new InvariantError('generator emitted an instruction the opcode table does not define', op);
  out.push({ op, imm });
}
