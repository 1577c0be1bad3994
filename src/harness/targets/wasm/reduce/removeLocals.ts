import type { Instr } from '../../../../wasm/syntax/instructions';
import type { Func } from '../../../../wasm/syntax/module';
import type { Candidate, ReductionPass } from './reductionPass';

const LOCAL_OPS = new Set(['local.get', 'local.set', 'local.tee']);

/** `f` without declared locals `drop` (indices in the local space), later ones renumbered. */
function withoutLocals(f: Func, nParams: number, drop: ReadonlySet<number>): Func {
  const shift = (i: number): number => {
    let n = 0;
    for (const d of drop) if (d < i) n++;
    return i - n;
  };
  const body: Instr[] = f.body.map((ins) => (LOCAL_OPS.has(ins.op) ? { op: ins.op, imm: [shift(ins.imm[0] as number)] } : ins));
  return { ...f, body, locals: f.locals.filter((_, j) => !drop.has(nParams + j)) };
}

/** Declared locals no instruction names: all of them at once, then each function's, then one at a time. */
export const removeLocals: ReductionPass = (w, v) => {
  const nImported = v.funcs.length - w.module.funcs.length;
  const unused = w.module.funcs.map((f, k) => {
    const nParams = v.funcs[nImported + k]!.params.length;
    const used = new Set<number>();
    for (const ins of f.body) if (LOCAL_OPS.has(ins.op)) used.add(ins.imm[0] as number);
    const drop = new Set<number>();
    f.locals.forEach((_, j) => {
      if (!used.has(nParams + j)) drop.add(nParams + j);
    });
    return { nParams, drop };
  });
  const apply = (sel: (k: number) => ReadonlySet<number>): Candidate => () => ({
    ...w,
    module: { ...w.module, funcs: w.module.funcs.map((f, k) => (sel(k).size === 0 ? f : withoutLocals(f, unused[k]!.nParams, sel(k)))) },
  });
  const none: ReadonlySet<number> = new Set();
  const out: Candidate[] = [];
  if (unused.some((u) => u.drop.size > 0)) out.push(apply((k) => unused[k]!.drop));
  unused.forEach((u, k) => {
    if (u.drop.size > 1) out.push(apply((x) => (x === k ? u.drop : none)));
    if (u.drop.size > 0) for (const d of u.drop) out.push(apply((x) => (x === k ? new Set([d]) : none)));
  });
  return out;
};
