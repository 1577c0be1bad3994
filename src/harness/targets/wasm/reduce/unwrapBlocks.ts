import type { BrOnCastImm, BrTableImm, CatchClause, Instr } from '../../../../wasm/syntax/instructions';
import { withBody, type Candidate, type ReductionPass } from './reductionPass';

/**
 * What a branch to the block being unwrapped becomes when it is dropped: the instructions that do
 * what the branch does when it is not taken (spec 3.3.8: `br_if` pops its condition,
 * `br_on_null` leaves a non-null reference, `br_on_non_null` leaves nothing, `br_on_cast_fail`
 * leaves a reference of its target type, `br_on_cast` the reference as it was); an unconditional
 * `br` just goes. Null for `br_table`, whose other labels still need it.
 */
function notTaken(ins: Instr): Instr[] | null {
  switch (ins.op) {
    case 'br':
      return [];
    case 'br_if':
    case 'br_on_non_null':
      return [{ op: 'drop', imm: [] }];
    case 'br_on_null':
      return [{ op: 'ref.as_non_null', imm: [] }];
    case 'br_on_cast':
      return [];
    case 'br_on_cast_fail': {
      const to = (ins.imm[0] as BrOnCastImm).to;
      return [{ op: to.nullable ? 'ref.cast null' : 'ref.cast', imm: [to.heap] }];
    }
    default:
      return null;
  }
}

/**
 * `seq` (the inside of a block being unwrapped) with every branch label that reaches past the
 * block lowered by one. A branch to the block itself would change where it goes: with `drop`
 * false the result is then null; with `drop` true the branch is replaced by what it does when not
 * taken (notTaken; a try_table's catch clause to the block is removed), so a block or loop that
 * something branches to can be unwrapped too (a loop then runs its body once).
 */
function liftLabels(seq: readonly Instr[], drop = false): Instr[] | null {
  let depth = 0;
  const out: Instr[] = [];
  const lift = (l: number): number => {
    if (l === depth) throw new TargetsBlock();
    return l > depth ? l - 1 : l;
  };
  const branch = (ins: Instr, relabel: () => Instr): void => {
    try {
      out.push(relabel());
    } catch (e) {
      const instead = drop && e instanceof TargetsBlock ? notTaken(ins) : null;
      if (instead === null) throw e;
      out.push(...instead);
    }
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
          const kept = drop ? catches.filter((cl) => cl.label !== depth) : catches;
          out.push({ op: ins.op, imm: [ins.imm[0]!, kept.map((cl) => ({ ...cl, label: lift(cl.label) }))] });
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
          branch(ins, () => ({ op: ins.op, imm: [lift(ins.imm[0] as number)] }));
          continue;
        case 'br_table': {
          const t = ins.imm[0] as BrTableImm;
          out.push({ op: ins.op, imm: [{ labels: t.labels.map(lift), defaultLabel: lift(t.defaultLabel) }] });
          continue;
        }
        case 'br_on_cast':
        case 'br_on_cast_fail': {
          const b = ins.imm[0] as BrOnCastImm;
          branch(ins, () => ({ op: ins.op, imm: [{ ...b, label: lift(b.label) }] }));
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

const STRUCTURED = new Set(['block', 'loop', 'if', 'try_table']);

/**
 * `body` with every `block`, `loop` and `try_table` unwrapped, outermost first, as the
 * per-construct candidates below do; null when a `br_table` to one of them stands in the way.
 * An `if` stays (which arm matters is anyone's guess: a generated function starts with
 * `if ... return end`), its arms flattened. Found by scanning, since each unwrapping moves the rest.
 */
export function flattenBody(body: readonly Instr[]): Instr[] | null {
  let b = body.slice();
  for (let pc = 0; pc < b.length; pc++) {
    const op = b[pc]!.op;
    if (!STRUCTURED.has(op) || op === 'if') continue;
    let depth = 0;
    let els = -1;
    let end = -1;
    for (let j = pc + 1; j < b.length && end < 0; j++) {
      const o = b[j]!.op;
      if (STRUCTURED.has(o)) depth++;
      else if (o === 'else' && depth === 0) els = j;
      else if (o === 'end' && depth-- === 0) end = j;
    }
    if (end < 0) return null;
    const lifted = liftLabels(b.slice(pc + 1, els >= 0 ? els : end), true);
    if (lifted === null) return null;
    b = [...b.slice(0, pc), ...lifted, ...b.slice(end + 1)];
    pc--;
  }
  return b;
}

/**
 * Unwraps structured instructions: `block`/`loop`/`try_table` ... `end` become their contents
 * (a try_table loses its handlers); `if` becomes
 * `drop` (of the condition) followed by its `then` arm, or by its `else` arm. Branches out of the
 * construct are renumbered; branches to the construct itself become what they do when not taken
 * (liftLabels), so flattening a generated `block loop ... br_if 1 ... br 0 end end` is one step.
 * First every construct of the module at once, then of each function (flattenBody), then each
 * construct alone, outermost first.
 */
export const unwrapBlocks: ReductionPass = (w, v) => {
  const cands: { len: number; make: Candidate }[] = [];
  const nImported = v.funcs.length - w.module.funcs.length;
  const structured = w.module.funcs.flatMap((f, k) => (f.body.some((ins) => STRUCTURED.has(ins.op) && ins.op !== 'if') ? [k] : []));
  // Every construct at once, in all functions, then in each: one accepted step instead of one per construct.
  const flatten = (ks: readonly number[]): Candidate => () => {
    const funcs = w.module.funcs.slice();
    for (const k of ks) {
      const body = flattenBody(funcs[k]!.body);
      if (body === null) return null;
      funcs[k] = { ...funcs[k]!, body };
    }
    return { ...w, module: { ...w.module, funcs } };
  };
  const whole: Candidate[] = structured.length > 1 ? [flatten(structured)] : [];
  for (const k of structured) whole.push(flatten([k]));
  w.module.funcs.forEach((f, k) => {
    const side = v.funcs[nImported + k]!;
    const body = f.body;
    for (let pc = 0; pc < body.length; pc++) {
      const op = body[pc]!.op;
      if (op !== 'block' && op !== 'loop' && op !== 'if' && op !== 'try_table') continue;
      const end = side.matchEnd[pc]!;
      if (end < 0) continue;
      const rebuild = (inner: readonly Instr[], prefix: readonly Instr[]): Candidate => () => {
        const lifted = liftLabels(inner) ?? liftLabels(inner, true);
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
  return [...whole, ...cands.sort((a, b) => b.len - a.len).map((c) => c.make)];
};
