import type { Instr } from '../../../../wasm/syntax/instructions';
import { BodyShape } from './bodyShape';
import { splice, withBody, type Candidate, type ReductionPass } from './reductionPass';

/** Smaller values to try for an integer immediate, smallest first. */
function smallerInts(v: bigint): bigint[] {
  const out: bigint[] = [];
  for (const c of [0n, 1n, v / 2n, v < 0n ? v + 1n : v - 1n]) if ((c < 0n ? -c : c) < (v < 0n ? -v : v) && !out.includes(c)) out.push(c);
  return out;
}

/**
 * Shrinks immediates: integer constants toward 0 (0, 1, half, one less), float constants to 0,
 * and `array.new_fixed` lengths by one (dropping its last operand). Array lengths given by
 * `array.new`'s i32 operand shrink with the constants.
 */
export const shrinkImmediates: ReductionPass = (w, v) => {
  const cands: Candidate[] = [];
  const nImported = v.funcs.length - w.module.funcs.length;
  w.module.funcs.forEach((f, k) => {
    const body = f.body;
    let shape: BodyShape | undefined;
    body.forEach((ins, pc) => {
      const set = (imm: Instr['imm']): Candidate => () => withBody(w, k, splice(body, pc, pc + 1, [{ op: ins.op, imm }]));
      if (ins.op === 'i32.const') for (const c of smallerInts(BigInt(ins.imm[0] as number))) cands.push(set([Number(c)]));
      else if (ins.op === 'i64.const') for (const c of smallerInts(ins.imm[0] as bigint)) cands.push(set([c]));
      else if ((ins.op === 'f32.const' || ins.op === 'f64.const') && !Object.is(ins.imm[0], 0) && ins.imm[0] !== 0n) cands.push(set([ins.op === 'f64.const' ? 0n : 0]));
      else if (ins.op === 'array.new_fixed' && (ins.imm[1] as number) > 0) {
        shape ??= new BodyShape(body, v.funcs[nImported + k]!);
        const last = shape.rangeEndingAt(pc, 1);
        if (last !== null) cands.push(() => withBody(w, k, splice(body, last.start, pc + 1, [{ op: ins.op, imm: [ins.imm[0]!, (ins.imm[1] as number) - 1] }])));
      }
    });
  });
  return cands;
};
