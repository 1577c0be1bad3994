/**
 * Wasm types (spec 2.3, "Types"), for the subset gcfuzz implements: numbers, reference types,
 * typed function references and GC. Type indices (`number` heap types) are module-relative until
 * validation canonicalises them.
 */
export type NumType = 'i32' | 'i64' | 'f32' | 'f64';

/** Spec 2.3.3 abstract heap types. */
export type AbsHeapType = 'func' | 'nofunc' | 'extern' | 'noextern' | 'any' | 'eq' | 'i31' | 'struct' | 'array' | 'none' | 'exn' | 'noexn';

/** A heap type: abstract, or a type index (spec 2.3.3). */
export type HeapType = AbsHeapType | number;

/** Spec 2.3.4 reference types: `(ref null? ht)`. */
export interface RefType {
  readonly kind: 'ref';
  readonly nullable: boolean;
  readonly heap: HeapType;
}

/** Spec 2.3.5 value types (no v128: SIMD is out of scope). */
export type ValType = NumType | RefType;

/** Spec 2.3.8 storage types: value types plus the packed types. */
export type PackedType = 'i8' | 'i16';
export type StorageType = ValType | PackedType;

export interface FieldType {
  readonly storage: StorageType;
  readonly mutable: boolean;
}

export interface FuncType {
  readonly kind: 'func';
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}
export interface StructType {
  readonly kind: 'struct';
  readonly fields: readonly FieldType[];
}
export interface ArrayType {
  readonly kind: 'array';
  readonly element: FieldType;
}
/** Spec 2.3.8 composite types. */
export type CompType = FuncType | StructType | ArrayType;

/** Spec 2.3.9 sub types: `(sub final? $super* comptype)`. */
export interface SubType {
  readonly final: boolean;
  readonly supertypes: readonly number[];
  readonly composite: CompType;
}

/** Spec 2.3.10 recursive types: a rec group. A lone sub type is a group of one. */
export interface RecType {
  readonly subtypes: readonly SubType[];
}

/** Spec 2.3.11 limits. `max` undefined when absent. */
export interface Limits {
  readonly min: number;
  readonly max?: number;
}

export interface TableType {
  readonly limits: Limits;
  readonly element: RefType;
}
export interface MemType {
  readonly limits: Limits;
}
export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

/** Spec 2.5.x block types: empty, a single result, or a type index. */
export type BlockType =
  | { readonly kind: 'empty' }
  | { readonly kind: 'value'; readonly type: ValType }
  | { readonly kind: 'index'; readonly index: number };

/** Shorthands. */
export const FUNCREF: RefType = { kind: 'ref', nullable: true, heap: 'func' };
export const EXTERNREF: RefType = { kind: 'ref', nullable: true, heap: 'extern' };
export const ANYREF: RefType = { kind: 'ref', nullable: true, heap: 'any' };
export const EQREF: RefType = { kind: 'ref', nullable: true, heap: 'eq' };
export const I31REF: RefType = { kind: 'ref', nullable: true, heap: 'i31' };
export const STRUCTREF: RefType = { kind: 'ref', nullable: true, heap: 'struct' };
export const ARRAYREF: RefType = { kind: 'ref', nullable: true, heap: 'array' };
export const NULLREF: RefType = { kind: 'ref', nullable: true, heap: 'none' };
export const NULLFUNCREF: RefType = { kind: 'ref', nullable: true, heap: 'nofunc' };
export const NULLEXTERNREF: RefType = { kind: 'ref', nullable: true, heap: 'noextern' };

export function isRefType(t: StorageType): t is RefType {
  return typeof t === 'object';
}
