import type { Instr } from '../../../../wasm/syntax/instructions';
import { withBody, type Candidate, type ReductionPass } from './reductionPass';

const LOCAL_OPS = new Set(['local.get', 'local.set', 'local.tee']);

/** Declared locals no instruction names are removed, later ones renumbered. */
export const removeLocals: ReductionPass = (w, v) => {
  const out: Candidate[] = [];
  const nImported = v.funcs.length - w.module.funcs.length;
  w.module.funcs.forEach((f, k) => {
    const nParams = v.funcs[nImported + k]!.params.length;
    const used = new Set<number>();
    for (const ins of f.body) if (LOCAL_OPS.has(ins.op)) used.add(ins.imm[0] as number);
    for (let j = f.locals.length - 1; j >= 0; j--) {
      const index = nParams + j;
      if (used.has(index)) continue;
      out.push(() => {
        const body: Instr[] = f.body.map((ins) => (LOCAL_OPS.has(ins.op) && (ins.imm[0] as number) > index ? { op: ins.op, imm: [(ins.imm[0] as number) - 1] } : ins));
        const r = withBody(w, k, body);
        const funcs = r.module.funcs.slice();
        funcs[k] = { ...funcs[k]!, locals: f.locals.filter((_, x) => x !== j) };
        return { ...r, module: { ...r.module, funcs } };
      });
    }
  });
  return out;
};
