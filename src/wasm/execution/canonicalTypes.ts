import type { FuncType, GlobalType, RefType, TableType, ValType } from '../syntax/types';

/**
 * Runtime (canonical) forms of types: concrete heap types are canonical ids (indices in the
 * store's GcTypeRegistry) instead of module type indices, so types from different modules
 * compare directly (spec 4.2.x: types in the store are closed, "rolled up" to their rec group).
 */
export function canonRefType(t: RefType, typeIds: readonly number[]): RefType {
  return typeof t.heap === 'number' ? { kind: 'ref', nullable: t.nullable, heap: typeIds[t.heap]! } : t;
}

export function canonValType(t: ValType, typeIds: readonly number[]): ValType {
  return typeof t === 'string' ? t : canonRefType(t, typeIds);
}

export function canonGlobalType(t: GlobalType, typeIds: readonly number[]): GlobalType {
  return { type: canonValType(t.type, typeIds), mutable: t.mutable };
}

export function canonTableType(t: TableType, typeIds: readonly number[]): TableType {
  return { limits: t.limits, element: canonRefType(t.element, typeIds) };
}

export function canonFuncType(t: FuncType, typeIds: readonly number[]): FuncType {
  return { kind: 'func', params: t.params.map((p) => canonValType(p, typeIds)), results: t.results.map((r) => canonValType(r, typeIds)) };
}
