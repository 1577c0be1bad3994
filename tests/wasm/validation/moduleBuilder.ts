/** Helpers for hand-built Module ASTs in the validation tests. */
import type { ImmValue, Instr } from '../../../src/wasm/syntax/instructions';
import type { Func, Module } from '../../../src/wasm/syntax/module';
import type { CompType, FieldType, HeapType, RecType, RefType, StorageType, SubType, ValType } from '../../../src/wasm/syntax/types';

export function module(parts: Partial<Module>): Module {
  return {
    types: [],
    imports: [],
    funcs: [],
    tables: [],
    mems: [],
    globals: [],
    elems: [],
    datas: [],
    exports: [],
    customs: [],
    ...parts,
  };
}

export function ins(op: string, ...imm: ImmValue[]): Instr {
  return { op, imm };
}

export function ref(heap: HeapType, nullable = true): RefType {
  return { kind: 'ref', nullable, heap };
}

export function field(storage: StorageType, mutable = false): FieldType {
  return { storage, mutable };
}

export function sub(composite: CompType, supertypes: number[] = [], final = true): SubType {
  return { final, supertypes, composite };
}

export function funcT(params: ValType[], results: ValType[]): CompType {
  return { kind: 'func', params, results };
}
export function structT(...fields: FieldType[]): CompType {
  return { kind: 'struct', fields };
}
export function arrayT(element: FieldType): CompType {
  return { kind: 'array', element };
}

/** A rec group of one final sub type without supertypes. */
export function single(c: CompType): RecType {
  return { subtypes: [sub(c)] };
}
export function rec(...subtypes: SubType[]): RecType {
  return { subtypes };
}

export function func(typeIndex: number, body: Instr[], locals: ValType[] = []): Func {
  return { typeIndex, locals, body };
}

/**
 * A module whose type 0 is `[params] -> [results]` (after `extraTypes`, which come first as rec
 * groups, so type indices of `extraTypes` are unchanged) with one function of that type.
 */
export function oneFunc(params: ValType[], results: ValType[], body: Instr[], opts: { extraTypes?: RecType[]; locals?: ValType[]; parts?: Partial<Module> } = {}): Module {
  const extra = opts.extraTypes ?? [];
  const typeIndex = extra.reduce((n, g) => n + g.subtypes.length, 0);
  return module({
    types: [...extra, single(funcT(params, results))],
    funcs: [func(typeIndex, body, opts.locals ?? [])],
    ...opts.parts,
  });
}
