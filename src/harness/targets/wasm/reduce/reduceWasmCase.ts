import type { WasmCase } from '../../../../cases/wasmCase';
import { ValidationError } from '../../../../errors/ValidationError';
import { GcTypeRegistry } from '../../../../runtime/gcTypes';
import { encodeModule } from '../../../../wasm/binary/encodeModule';
import type { Module } from '../../../../wasm/syntax/module';
import { validateModule } from '../../../../wasm/validation/validateModule';
import type { ValidatedModule } from '../../../../wasm/validation/validatedModule';
import { deleteStatements, stubBodies } from './deleteStatements';
import { checkFuel, fuelExhaustions } from './fuelExhaustions';
import type { ReduceContext, ReductionPass } from './reductionPass';
import { dropElemEntries, dropExports, dropInvocations, pruneUnreferenced, removeDatas, removeElems, removeFuncs, removeGlobals, removeTables, removeTags, removeTypes } from './removeDefinitions';
import { replaceThrows } from './replaceThrows';
import { replaceExpressions } from './replaceExpressions';
import { isTrivial } from './replacementValues';
import { shrinkImmediates } from './shrinkImmediates';
import { argWeight, shrinkArguments } from './shrinkArguments';
import { removeLocals } from './removeLocals';
import { unwrapBlocks } from './unwrapBlocks';

/**
 * The reduction families, in the order a cycle tries them: the script and exports, whole
 * bodies, statements, expressions, structure, then definitions nothing refers to any more,
 * then locals, immediates and arguments.
 */
const PASSES: readonly ReductionPass[] = [
  dropInvocations,
  dropExports,
  pruneUnreferenced,
  stubBodies,
  pruneUnreferenced,
  deleteStatements,
  replaceExpressions,
  unwrapBlocks,
  replaceThrows,
  pruneUnreferenced,
  removeFuncs,
  removeGlobals,
  dropElemEntries,
  removeElems,
  removeTables,
  removeDatas,
  removeTags,
  removeTypes,
  removeLocals,
  shrinkImmediates,
  shrinkArguments,
];

/**
 * Instructions in the case (the size reports give): invocations, function bodies, and every
 * constant expression (global and table initialisers, element segments' items and offsets, data
 * segments' offsets).
 */
export function wasmInstructionCount(w: WasmCase): number {
  const m = w.module;
  let n = w.invocations.length;
  for (const f of m.funcs) n += f.body.length;
  for (const g of m.globals) n += g.init.length;
  for (const t of m.tables) n += t.init?.length ?? 0;
  for (const e of m.elems) {
    for (const x of e.init) n += x.length;
    if (e.mode.kind === 'active') n += e.mode.offset.length;
  }
  for (const d of m.datas) if (d.mode.kind === 'active') n += d.mode.offset.length;
  return n;
}

function magnitude(w: WasmCase): bigint {
  let s = 0n;
  for (const inv of w.invocations) for (const a of inv.args) s += argWeight(a);
  for (const f of w.module.funcs) for (const ins of f.body) {
    const v = ins.imm[0];
    if (ins.op === 'i32.const' || ins.op === 'i64.const') s += BigInt(v as number | bigint) < 0n ? -BigInt(v as number | bigint) : BigInt(v as number | bigint);
    else if ((ins.op === 'f32.const' || ins.op === 'f64.const') && !Object.is(v, 0) && v !== 0n) s += 1n;
  }
  return s;
}

/**
 * How complex a case is, compared lexicographically: instructions, non-trivial instructions,
 * binary size, then the magnitude of constants and invocation arguments. Every accepted reduction lowers it, so a
 * reduction always ends.
 */
function complexity(w: WasmCase): readonly bigint[] {
  let nonTrivial = 0;
  for (const f of w.module.funcs) for (const ins of f.body) if (!isTrivial(ins)) nonTrivial++;
  return [BigInt(wasmInstructionCount(w)), BigInt(nonTrivial), BigInt(encodeModule(w.module).length), magnitude(w)];
}

function lessThan(a: readonly bigint[], b: readonly bigint[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** Whether every invocation names an exported function. */
function scriptFits(w: WasmCase): boolean {
  const funcs = new Set(w.module.exports.filter((e) => e.kind === 'func').map((e) => e.name));
  return w.invocations.every((i) => funcs.has(i.export));
}

/** Where a reduction resumes after the candidate it produced was accepted (pass, candidate index). */
interface Cursor {
  readonly pass: number;
  readonly index: number;
}

const validateWith = (m: Module): ValidatedModule | null => {
  try {
    return validateModule(m, new GcTypeRegistry());
  } catch (e) {
    if (e instanceof ValidationError) return null;
    throw e;
  }
};

/**
 * A structure-aware reducer for Wasm cases. `reduce(c)` yields valid, strictly less complex
 * variants of `c` (each checked with the project's validator before it is yielded, and dropped
 * when it runs out of fuel on the interpreter where `c` did not: see fuelExhaustions); the
 * minimiser runs each and keeps the first that still fails with the same oracle, then calls
 * `reduce` on it again. The reducer remembers where that candidate came from and resumes there,
 * going round the passes once: when a whole cycle yields nothing that still fails, the
 * generator ends and so does the minimisation.
 *
 * `get`/`put` project the Wasm case out of, and back into, the caller's case type.
 */
export function makeWasmReducer<C>(get: (c: C) => WasmCase, put: (c: C, w: WasmCase) => C): (c: C) => Iterable<C> {
  const resume = new WeakMap<object, Cursor>();
  const ctx: ReduceContext = { validate: validateWith };
  return function* reduce(c: C): Iterable<C> {
    const w = get(c);
    const v = validateWith(w.module);
    if (v === null) return;
    const base = complexity(w);
    let fuel: number | undefined;
    let baseExhaustions: number | undefined;
    const terminates = (cw: WasmCase): boolean => fuelExhaustions(cw, (fuel ??= checkFuel(w))) <= (baseExhaustions ??= fuelExhaustions(w, fuel));
    const start = resume.get(c as object) ?? { pass: 0, index: 0 };
    const order: { pass: number; from: number; to: number }[] = [];
    order.push({ pass: start.pass, from: start.index, to: Infinity });
    for (let p = start.pass + 1; p < PASSES.length; p++) order.push({ pass: p, from: 0, to: Infinity });
    for (let p = 0; p < start.pass; p++) order.push({ pass: p, from: 0, to: Infinity });
    if (start.index > 0) order.push({ pass: start.pass, from: 0, to: start.index });
    for (const { pass, from, to } of order) {
      const cands = PASSES[pass]!(w, v, ctx);
      for (let i = from; i < Math.min(to, cands.length); i++) {
        const cw = cands[i]!();
        if (cw === null || !scriptFits(cw) || !lessThan(complexity(cw), base) || validateWith(cw.module) === null || !terminates(cw)) continue;
        const next = put(c, cw);
        resume.set(next as object, { pass, index: i });
        yield next;
      }
    }
  };
}
