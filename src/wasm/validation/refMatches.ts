/**
 * Dynamic type tests (spec 4.4.x `ref.test`, `ref.cast`, `br_on_cast`, `br_on_cast_fail`, and
 * `call_indirect`'s function type check): does a reference value match a canonical reference type?
 *
 * The interpreter describes the value by its dynamic type (spec 4.2.x "values" / typing of
 * runtime references):
 * - `null`: the null reference (of any hierarchy);
 * - `'i31'`: an i31 reference;
 * - `'host'`: an internalised host reference (`any.convert_extern` of a host value): only `any`;
 * - `'extern'`: any non-null value of the extern hierarchy (host references and externalised
 *   internal references alike);
 * - a number: the canonical type id of a struct or array object, or of a function.
 *
 * The target's concrete heap types are canonical ids (module type indices resolved through
 * `ValidatedModule.typeIds`).
 */
import type { GcTypeRegistry } from '../../runtime/gcTypes';
import type { HeapType } from '../syntax/types';
import { KIND_ARRAY, KIND_FUNC, KIND_STRUCT, canonicalHeapCode, registryTypes, type ConcreteTypes } from './subtyping';
import { HT_ANY, HT_ARRAY, HT_EQ, HT_EXTERN, HT_FUNC, HT_I31, HT_STRUCT } from './typeCode';

export type RefValueType = null | 'i31' | 'host' | 'extern' | number;

/**
 * Whether a value of dynamic type `value` matches `(ref null? heap)` on heap-type codes
 * (./typeCode; concrete = canonical id). The fast form for an interpreter that precomputes the
 * target's code with `canonicalHeapCode`.
 */
export function refMatchesCode(types: ConcreteTypes, value: RefValueType, nullable: boolean, heap: number): boolean {
  if (value === null) return nullable;
  if (typeof value === 'number') {
    if (heap >= 0) return types.isDeclaredSubtype(value, heap);
    switch (types.kindOf(value)) {
      case KIND_STRUCT:
        return heap === HT_STRUCT || heap === HT_EQ || heap === HT_ANY;
      case KIND_ARRAY:
        return heap === HT_ARRAY || heap === HT_EQ || heap === HT_ANY;
      case KIND_FUNC:
        return heap === HT_FUNC;
      default:
        return false;
    }
  }
  switch (value) {
    case 'i31':
      return heap === HT_I31 || heap === HT_EQ || heap === HT_ANY;
    case 'host':
      return heap === HT_ANY;
    case 'extern':
      return heap === HT_EXTERN;
    default:
      return false;
  }
}

/**
 * Whether a value of dynamic type `value` matches the canonical reference type `(ref null? heap)`
 * of `registry` — the test behind ref.test / ref.cast / br_on_cast(_fail). Null matches exactly the
 * nullable targets; the bottom types (none, nofunc, noextern) match only null.
 */
export function refMatches(registry: GcTypeRegistry, value: RefValueType, nullable: boolean, heap: HeapType): boolean {
  return refMatchesCode(registryTypes(registry), value, nullable, canonicalHeapCode(heap));
}
