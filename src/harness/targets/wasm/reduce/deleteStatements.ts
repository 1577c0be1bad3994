import { BodyShape } from './bodyShape';
import { splice, withBody, type Candidate, type ReductionPass } from './reductionPass';

/**
 * Whole bodies first: each defined function's body becomes `unreachable` (valid for any type),
 * largest function first.
 */
export const stubBodies: ReductionPass = (w) => {
  const order = w.module.funcs.map((f, k) => ({ k, n: f.body.length })).filter((x) => x.n > 1).sort((a, b) => b.n - a.n);
  return order.map(({ k }): Candidate => () => withBody(w, k, [{ op: 'unreachable', imm: [] }]));
};

/**
 * Statement deletion, ddmin-style: in each run of consecutive statements (stack back at the run's
 * base height between them), delete chunks of half the run, then quarters, and so on down to
 * single statements; dead code after an instruction that never falls through; then every
 * shortest net-zero range on its own (a `local.set` with its
 * operand, a `call` of a void function with its arguments, a whole `block ... end`); then each
 * single instruction of dead code, where stack heights are unknown so the ranges above find no
 * statements. Larger deletions come first across the module.
 */
export const deleteStatements: ReductionPass = (w, v) => {
  const cands: { len: number; make: Candidate }[] = [];
  const seen = new Set<string>();
  const nImported = v.funcs.length - w.module.funcs.length;
  w.module.funcs.forEach((f, k) => {
    const shape = new BodyShape(f.body, v.funcs[nImported + k]!);
    const add = (start: number, end: number): void => {
      const key = `${k}:${start}:${end}`;
      if (end <= start || seen.has(key)) return;
      seen.add(key);
      cands.push({ len: end - start, make: () => withBody(w, k, splice(f.body, start, end)) });
    };
    for (const cuts of shape.statementRuns()) {
      const n = cuts.length - 1;
      for (let chunk = n; ; chunk = Math.ceil(chunk / 2)) {
        for (let s = 0; s < n; s += chunk) add(cuts[s]!, cuts[Math.min(n, s + chunk)]!);
        if (chunk === 1) break;
      }
    }
    for (const r of shape.deadRanges()) add(r.start, r.end);
    for (const r of shape.ranges(0)) add(r.start, r.end);
    for (const r of shape.deadInstructions()) add(r.start, r.end);
  });
  return cands.sort((a, b) => b.len - a.len).map((c) => c.make);
};

