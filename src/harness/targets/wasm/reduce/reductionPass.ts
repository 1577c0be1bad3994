import type { WasmCase } from '../../../../cases/wasmCase';
import type { Instr } from '../../../../wasm/syntax/instructions';
import type { Module } from '../../../../wasm/syntax/module';
import type { ValidatedModule } from '../../../../wasm/validation/validatedModule';

/** A smaller variant of a case, built on demand (null when it turns out not to apply). */
export type Candidate = () => WasmCase | null;

/** What a reduction pass may ask: whether a module is valid (the project's validator), with its side tables. */
export interface ReduceContext {
  readonly validate: (m: Module) => ValidatedModule | null;
}

/**
 * One family of reductions: the candidates it proposes for a valid case, most aggressive first.
 * The driver (reduceWasmCase) validates each candidate before it is run.
 */
export type ReductionPass = (w: WasmCase, v: ValidatedModule, ctx: ReduceContext) => Candidate[];

/** `w` with defined function `k`'s body replaced. */
export function withBody(w: WasmCase, k: number, body: readonly Instr[]): WasmCase {
  const funcs = w.module.funcs.slice();
  funcs[k] = { ...funcs[k]!, body };
  return { ...w, module: { ...w.module, funcs } };
}

/** `body` with [start, end) replaced by `insert`. */
export function splice(body: readonly Instr[], start: number, end: number, insert: readonly Instr[] = []): Instr[] {
  return [...body.slice(0, start), ...insert, ...body.slice(end)];
}
