import { withBody, type Candidate, type ReductionPass } from './reductionPass';

/**
 * `throw x` and `throw_ref` each replaced by `unreachable`: the code after either is unreachable
 * anyway (stack-polymorphic, spec 3.3.x), so the body stays valid, and the payload or exnref
 * operands become dead code later passes delete. Keeps a finding that does not need the exception.
 */
export const replaceThrows: ReductionPass = (w) => {
  const out: Candidate[] = [];
  w.module.funcs.forEach((f, k) => {
    f.body.forEach((ins, pc) => {
      if (ins.op !== 'throw' && ins.op !== 'throw_ref') return;
      out.push(() => withBody(w, k, [...f.body.slice(0, pc), { op: 'unreachable', imm: [] }, ...f.body.slice(pc + 1)]));
    });
  });
  return out;
};
