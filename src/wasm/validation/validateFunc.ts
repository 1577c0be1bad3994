import { ValidationError } from '../../errors/ValidationError';
import type { Func } from '../syntax/module';
import type { FuncType, ValType } from '../syntax/types';
import type { CodeValidator, SideTableSink } from './codeValidator';
import { badTypeReason, encodeValType } from './encodeValType';
import type { ModuleContext } from './moduleContext';
import { isGcRefCode } from './subtyping';
import type { FuncSideTable } from './validatedModule';

/**
 * Spec 3.4.x "Functions": validates one defined function — its declared local types, then its body
 * against [params] -> [results] with locals = params ++ declared locals (non-defaultable declared
 * locals start uninitialised) — and returns its side tables.
 *
 * `type` is the function's module-level function type (module type indices); `params`, `results`
 * and `locals` of the side table are given in that module-relative form. Throws ValidationError.
 */
export function validateFunc(v: CodeValidator, ctx: ModuleContext, func: Func, type: FuncType, funcIndex: number): FuncSideTable {
  const where = `func ${funcIndex}`;
  const def = ctx.canon.def(ctx.typeIds[func.typeIndex]!)!;
  const nParams = def.params.length;
  const declared = func.locals;
  const codes = new Array<number>(nParams + declared.length);
  for (let i = 0; i < nParams; i++) codes[i] = def.params[i]!;
  for (let i = 0; i < declared.length; i++) {
    const c = encodeValType(declared[i], ctx.typeIds);
    if (c < 0) throw new ValidationError(badTypeReason(declared[i]), `${where}, local ${nParams + i}`);
    codes[nParams + i] = c;
  }
  const n = func.body.length;
  // One backing store for the three per-instruction tables.
  const all = new Int32Array(3 * n).fill(-1);
  const sink: SideTableSink = {
    matchEnd: all.subarray(0, n),
    matchElse: all.subarray(n, 2 * n),
    heightBefore: all.subarray(2 * n, 3 * n),
    gcStackAt: new Map(),
    maxHeight: 0,
  };
  v.validateBody(func.body, codes, nParams, def.results, where, sink);
  const gcLocals = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) if (isGcRefCode(ctx.canon, codes[i]!)) gcLocals[i] = 1;
  const locals: ValType[] = type.params.slice();
  for (const t of declared) locals.push(t);
  return {
    params: type.params,
    results: type.results,
    locals,
    matchEnd: sink.matchEnd,
    matchElse: sink.matchElse,
    heightBefore: sink.heightBefore,
    maxHeight: sink.maxHeight,
    gcLocals,
    gcStackAt: sink.gcStackAt,
  };
}
