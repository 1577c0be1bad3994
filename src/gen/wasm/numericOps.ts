import { OPCODES, type OpcodeEntry } from '../../wasm/opcodeTable';
import type { NumType } from '../../wasm/syntax/types';

/**
 * The numeric instructions of the opcode table (group 'numeric', with operands), indexed by result
 * type: the generator picks among them by their `sig`, so a new numeric entry in the table is
 * generated without touching the generator.
 */
export const NUMERIC_OPS_BY_RESULT: Readonly<Record<NumType, readonly OpcodeEntry[]>> = (() => {
  const by: Record<NumType, OpcodeEntry[]> = { i32: [], i64: [], f32: [], f64: [] };
  for (const e of OPCODES) {
    if (e.group !== 'numeric' || e.sig === undefined || e.sig[0].length === 0 || e.sig[1].length !== 1) continue;
    by[e.sig[1][0]!].push(e);
  }
  return by;
})();

/**
 * Float-producing operations whose NaN results have a nondeterministic payload (spec 4.3.3,
 * "NaN propagation"): the generator canonicalises their results so NaN payloads never reach an
 * observable value. Sign-bit operations and reinterpretations are exact and are not listed.
 */
export function hasNondeterministicNaN(e: OpcodeEntry): boolean {
  const r = e.sig?.[1][0];
  if (r !== 'f32' && r !== 'f64') return false;
  return !/\.(abs|neg|copysign|reinterpret_i32|reinterpret_i64)$/.test(e.name);
}
