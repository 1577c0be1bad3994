import type { BrOnCastImm, BrTableImm, CatchClause, Instr } from '../../../../wasm/syntax/instructions';
import { withBody, type Candidate, type ReductionPass } from './reductionPass';

/**
 * `seq` (the inside of a block being unwrapped) with every branch label that reaches past the
 * block lowered by one; null when a branch targets the block itself (unwrapping would change
 * where it goes).
 */
function liftLabels(seq: readonly Instr[]): Instr[] | null {
  let depth = 0;
  const out: Instr[] = [];
  const lift = (l: number): number => {
    if (l === depth) throw new TargetsBlock();
    return l > depth ? l - 1 : l;
  };
  try {
    for (const ins of seq) {
      switch (ins.op) {
        case 'block':
        case 'loop':
        case 'if':
          depth++;
          out.push(ins);
          continue;
        case 'try_table': {
          // Catch clause labels are resolved outside the try_table (spec 3.3.8.x try_table).
          const catches = ins.imm[1] as readonly CatchClause[];
          out.push({ op: ins.op, imm: [ins.imm[0]!, catches.map((cl) => ({ ...cl, label: lift(cl.label) }))] });
          depth++;
          continue;
        }
        case 'end':
          depth--;
          out.push(ins);
          continue;
        case 'br':
        case 'br_if':
        case 'br_on_null':
        case 'br_on_non_null':
          out.push({ op: ins.op, imm: [lift(ins.imm[0] as number)] });
          continue;
        case 'br_table': {
          const t = ins.imm[0] as BrTableImm;
          out.push({ op: ins.op, imm: [{ labels: t.labels.map(lift), defaultLabel: lift(t.defaultLabel) }] });
          continue;
        }
        case 'br_on_cast':
        case 'br_on_cast_fail': {
          const b = ins.imm[0] as BrOnCastImm;
          out.push({ op: ins.op, imm: [{ ...b, label: lift(b.label) }] });
          continue;
        }
        default:
          out.push(ins);
      }
    }
  } catch (e) {
    if (e instanceof TargetsBlock) return null;
    throw e;
  }
  return out;
}

class TargetsBlock extends Error {}

/**
 * Unwraps structured instructions: `block`/`loop`/`try_table` ... `end` become their contents
 * (a try_table loses its handlers); `if` becomes
 * `drop` (of the condition) followed by its `then` arm, or by its `else` arm. Branches out of the
 * construct are renumbered; a construct something branches to is left alone. Outermost first.
 */
export const unwrapBlocks: ReductionPass = (w, v) => {
  const cands: { len: number; make: Candidate }[] = [];
  const nImported = v.funcs.length - w.module.funcs.length;
  w.module.funcs.forEach((f, k) => {
    const side = v.funcs[nImported + k]!;
    const body = f.body;
    for (let pc = 0; pc < body.length; pc++) {
      const op = body[pc]!.op;
      if (op !== 'block' && op !== 'loop' && op !== 'if' && op !== 'try_table') continue;
      const end = side.matchEnd[pc]!;
      if (end < 0) continue;
      const rebuild = (inner: readonly Instr[], prefix: readonly Instr[]): Candidate => () => {
        const lifted = liftLabels(inner);
        return lifted === null ? null : withBody(w, k, [...body.slice(0, pc), ...prefix, ...lifted, ...body.slice(end + 1)]);
      };
      if (op !== 'if') {
        cands.push({ len: end - pc, make: rebuild(body.slice(pc + 1, end), []) });
        continue;
      }
      const els = side.matchElse[pc]!;
      const drop: Instr[] = [{ op: 'drop', imm: [] }];
      cands.push({ len: end - pc, make: rebuild(body.slice(pc + 1, els >= 0 ? els : end), drop) });
      if (els >= 0) cands.push({ len: end - pc, make: rebuild(body.slice(els + 1, end), drop) });
    }
  });
  return cands.sort((a, b) => b.len - a.len).map((c) => c.make);
};
