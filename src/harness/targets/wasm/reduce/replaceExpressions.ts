import type { Instr } from '../../../../wasm/syntax/instructions';
import type { Module } from '../../../../wasm/syntax/module';
import { BodyShape } from './bodyShape';
import { REPLACEMENTS, isTrivial } from './replacementValues';
import { splice, withBody, type Candidate, type ReduceContext, type ReductionPass } from './reductionPass';

/** The first replacement of [start, end) in `body` that makes `rebuild(body')` valid, or null. */
function firstValid(body: readonly Instr[], start: number, end: number, rebuild: (b: Instr[]) => Module, ctx: ReduceContext): Instr[] | null {
  for (const r of REPLACEMENTS) {
    if (end - start <= r.length && r.every((ins, k) => ins.op === body[start + k]?.op)) continue;
    const b = splice(body, start, end, r);
    if (ctx.validate(rebuild(b)) !== null) return b;
  }
  return null;
}

/** Whether every branch in `seq` targets a construct inside `seq` (so it can move out of its blocks unchanged). */
function selfContained(seq: readonly Instr[]): boolean {
  let depth = 0;
  for (const ins of seq) {
    const op = ins.op;
    if (op === 'block' || op === 'loop' || op === 'if' || op === 'try_table') depth++;
    else if (op === 'end') depth--;
    else if (op === 'br_table' || op === 'try_table' || (op.startsWith('br') && op !== 'br_table')) {
      if (op === 'br_table' || op.startsWith('br_on_cast')) return false;
      if ((ins.imm[0] as number) >= depth) return false;
    }
  }
  return true;
}

/** How many sub-expressions of one expression the hoisting candidates try (largest first). */
const MAX_HOISTS = 8;

/**
 * Replaces an expression (the shortest range producing the value on top of the stack: an
 * instruction with its operands) by a constant, `ref.null` or `unreachable` of its type, or by
 * one of its own sub-expressions (hoisting: `block (result (ref $t)) local.get 0 br_on_non_null 0
 * unreachable end` becomes `local.get 0` where a nullable reference does), largest reductions
 * first; this also drops calls, allocations and reads of globals and locals (a lone `global.get`
 * becomes a constant, so the global may go later). Global initialisers and element-segment items
 * are replaced whole.
 */
export const replaceExpressions: ReductionPass = (w, v, ctx) => {
  const cands: { len: number; make: Candidate }[] = [];
  const nImported = v.funcs.length - w.module.funcs.length;
  w.module.funcs.forEach((f, k) => {
    const shape = new BodyShape(f.body, v.funcs[nImported + k]!);
    for (const r of shape.ranges(1)) {
      if (r.end - r.start === 1 && isTrivial(f.body[r.start]!)) continue;
      cands.push({
        len: r.end - r.start,
        make: () => {
          const b = firstValid(f.body, r.start, r.end, (body) => withBody(w, k, body).module, ctx);
          return b === null ? null : withBody(w, k, b);
        },
      });
      const inner: { start: number; end: number }[] = [];
      for (let e = r.end - 1; e > r.start && inner.length < MAX_HOISTS; e--) {
        const sub = shape.rangeEndingAt(e, 1);
        if (sub !== null && sub.start >= r.start) inner.push(sub);
      }
      for (const sub of inner) {
        const seq = f.body.slice(sub.start, sub.end);
        if (!selfContained(seq)) continue;
        cands.push({ len: r.end - r.start - seq.length, make: () => withBody(w, k, splice(f.body, r.start, r.end, seq)) });
      }
    }
  });
  w.module.globals.forEach((g, k) => {
    if (g.init.length === 1 && isTrivial(g.init[0]!)) return;
    const rebuild = (init: Instr[]): Module => {
      const globals = w.module.globals.slice();
      globals[k] = { ...g, init };
      return { ...w.module, globals };
    };
    cands.push({
      len: g.init.length,
      make: () => {
        const init = firstValid(g.init, 0, g.init.length, rebuild, ctx);
        return init === null ? null : { ...w, module: rebuild(init) };
      },
    });
  });
  w.module.elems.forEach((e, k) => {
    e.init.forEach((item, j) => {
      if (item.length === 1 && isTrivial(item[0]!)) return;
      const rebuild = (init: Instr[]): Module => {
        const elems = w.module.elems.slice();
        elems[k] = { ...e, init: e.init.map((x, y) => (y === j ? init : x)) };
        return { ...w.module, elems };
      };
      cands.push({
        len: item.length,
        make: () => {
          const init = firstValid(item, 0, item.length, rebuild, ctx);
          return init === null ? null : { ...w, module: rebuild(init) };
        },
      });
    });
  });
  return cands.sort((a, b) => b.len - a.len).map((c) => c.make);
};
