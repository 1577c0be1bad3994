import type { ConstExpr, Instr } from './instructions';
import type { GlobalType, MemType, RecType, RefType, TableType, ValType } from './types';

/** Modules (spec 2.5). Field names follow the spec's abstract syntax. */
export type ImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly typeIndex: number };

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
}

/** A function's locals, one entry per declared local (already expanded from the binary's runs). */
export interface Func {
  readonly typeIndex: number;
  readonly locals: readonly ValType[];
  /** The body without its final `end`. */
  readonly body: readonly Instr[];
}

/** A tag (exception handling, spec 2.5.x): its type is a function type whose params are the payload (results empty). */
export interface Tag {
  readonly typeIndex: number;
}

export interface Table {
  readonly type: TableType;
  /** Optional initialiser (spec 2.5.4, typed function references). */
  readonly init?: ConstExpr;
}

export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

export type ElemMode =
  | { readonly kind: 'passive' }
  | { readonly kind: 'declarative' }
  | { readonly kind: 'active'; readonly table: number; readonly offset: ConstExpr };

export interface Elem {
  readonly type: RefType;
  readonly init: readonly ConstExpr[];
  readonly mode: ElemMode;
}

export type DataMode =
  | { readonly kind: 'passive' }
  | { readonly kind: 'active'; readonly memory: number; readonly offset: ConstExpr };

export interface Data {
  readonly init: Uint8Array;
  readonly mode: DataMode;
}

export interface CustomSection {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Spec 2.5 module. `types` is the rec groups in order; the type index space is their flattening. */
export interface Module {
  readonly types: readonly RecType[];
  readonly imports: readonly Import[];
  readonly funcs: readonly Func[];
  readonly tables: readonly Table[];
  readonly mems: readonly MemType[];
  readonly globals: readonly Global[];
  /** The tag section (absent: none). */
  readonly tags?: readonly Tag[];
  readonly elems: readonly Elem[];
  readonly datas: readonly Data[];
  readonly start?: number;
  readonly exports: readonly Export[];
  /** Present when the module had a data count section (spec 5.5.16). */
  readonly dataCount?: number;
  readonly customs: readonly CustomSection[];
}
