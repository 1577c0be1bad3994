import type { AbstractHeapType, ArrayType, StructType } from '../src/runtime/gcTypes';
import { ModelObject, type ModelRef } from './modelObject';

/**
 * Spec 4.4.x `ref.test` on a model value against `(ref null? to)`, `to` in the value's own
 * hierarchy (as validation guarantees): null matches the nullable targets only; an i31 matches
 * i31, eq and any; an externref matches extern; a struct or array matches its kind, eq, any and
 * every declared supertype of its type. The bottom types (none, noextern) match only null.
 */
export function modelRefTest(types: readonly (StructType | ArrayType)[], v: ModelRef, to: AbstractHeapType | number, nullable: boolean): boolean {
  if (v === null) return nullable;
  if (!(v instanceof ModelObject)) return to === 'any' || to === 'eq' || to === 'i31';
  if (v.kind === 'extern') return to === 'extern';
  if (v.kind === 'exn') return to === 'exn';
  if (typeof to === 'number') {
    for (let cur: number | undefined = v.type, guard = 0; cur !== undefined && guard <= types.length; guard++) {
      if (cur === to) return true;
      cur = types[cur]!.supertype;
    }
    return false;
  }
  return to === 'any' || to === 'eq' || to === v.kind;
}
