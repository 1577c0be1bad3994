import type { GcHeap } from '../../runtime/gcHeap';
import { GcKind, kindMatches } from '../../runtime/gcKind';
import { refMatchesCode, type RefValueType } from '../validation/refMatches';
import { KIND_FUNC, type ConcreteTypes } from '../validation/subtyping';
import { HT_ANY, HT_ARRAY, HT_EQ, HT_EXTERN, HT_FUNC, HT_NOEXTERN, HT_NOFUNC, HT_STRUCT } from '../validation/typeCode';
import type { FuncRefTable } from './funcRefTable';

/**
 * Spec 4.4.x `ref.test` / `ref.cast` / `br_on_cast*`: whether the runtime reference `v` matches
 * `(ref null? ht)`, `ht` a canonical heap-type code (../validation/typeCode). Works out the
 * value's dynamic type and defers to the validator's `refMatchesCode`.
 *
 * A GcRef alone does not say which hierarchy it is seen in (`extern.convert_any` keeps the same
 * ref), but the target does — validation guarantees both are in one hierarchy: for extern targets
 * the value is `'extern'`; for func targets it is its function's canonical type id; otherwise 0 is
 * null, odd refs are i31s, externref objects are internalised host values (`'host'`, matching only
 * `any`), and structs/arrays are their header's canonical type id. A struct or array tested
 * against `any`, `eq`, `struct` or `array` is decided by its header's kind bits alone
 * (`kindMatches`, Wasmtime's `VMGcKind::matches`), as the runtime's kind encoding promises.
 */
export function refTest(heap: GcHeap, types: ConcreteTypes, funcRefs: FuncRefTable, v: number, ht: number, nullable: boolean): boolean {
  if (v === 0) return nullable;
  let dyn: RefValueType;
  if (ht === HT_EXTERN || ht === HT_NOEXTERN) dyn = 'extern';
  else if (ht === HT_FUNC || ht === HT_NOFUNC || (ht >= 0 && types.kindOf(ht) === KIND_FUNC)) dyn = funcRefs.get(v)!.typeId;
  else if ((v & 1) === 1) dyn = 'i31';
  else {
    const kind = heap.headerKind(v);
    const abstract = ABSTRACT_KINDS.get(ht);
    if (kind !== GcKind.ExternRef && abstract !== undefined) return kindMatches(kind, abstract);
    dyn = kind === GcKind.ExternRef ? 'host' : heap.headerType(v);
  }
  return refMatchesCode(types, dyn, nullable, ht);
}

/** The kind bits a heap object's header must include to match each abstract GC heap type. */
const ABSTRACT_KINDS: ReadonlyMap<number, number> = new Map([[HT_ANY, GcKind.AnyRef], [HT_EQ, GcKind.EqRef], [HT_STRUCT, GcKind.StructRef], [HT_ARRAY, GcKind.ArrayRef]]);
