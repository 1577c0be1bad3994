/**
 * Subtyping on canonical types (spec 3.3 "Matching": heap types 3.3.x, reference and value types,
 * composite types). Concrete heap types are canonical ids, so type equivalence is id equality and
 * "declared" subtyping between concrete types follows the canonical `supertype` links.
 *
 * Two layers:
 * - code-level functions (`isSubHeapCode`, `isSubValCode`, `matchesCompDef`) used by the validator
 *   on the numeric codes of ./typeCode, against any `ConcreteTypes` view;
 * - the public helpers `isSubtypeHeap` / `isSubtypeVal` / `isSubtypeStorage` on canonical syntax
 *   types (heap types whose numbers are canonical ids) against a GcTypeRegistry, for instantiation
 *   (import matching) and the interpreter.
 */
import type { GcTypeRegistry } from '../../runtime/gcTypes';
import type { HeapType, StorageType, ValType } from '../syntax/types';
import {
  HT_ANY,
  HT_ARRAY,
  HT_BOT,
  HT_EQ,
  HT_EXN,
  HT_EXTERN,
  HT_NOEXN,
  HT_FUNC,
  HT_I31,
  HT_NOEXTERN,
  HT_NOFUNC,
  HT_NONE,
  HT_STRUCT,
  VT_BOT,
  absHeapCode,
  isAbsHeapName,
  isRefCode,
  refHeap,
  refNullable,
} from './typeCode';

/** Kind of a concrete (canonical) type. */
export const KIND_FUNC = 0;
export const KIND_STRUCT = 1;
export const KIND_ARRAY = 2;
export const KIND_UNKNOWN = -1;

/** What subtyping needs to know about concrete types: their kind and their declared supertype chain. */
export interface ConcreteTypes {
  /** KIND_FUNC / KIND_STRUCT / KIND_ARRAY, or KIND_UNKNOWN for an id it does not know. */
  kindOf(id: number): number;
  /** Whether `sub` reaches `sup` by following declared supertypes (reflexive). */
  isDeclaredSubtype(sub: number, sup: number): boolean;
}

/** Spec 3.3 heap-type matching `a <: b` on heap-type codes. */
export function isSubHeapCode(types: ConcreteTypes, a: number, b: number): boolean {
  if (a === b || a === HT_BOT) return true;
  if (b >= 0) {
    if (a >= 0) return types.isDeclaredSubtype(a, b);
    const kb = types.kindOf(b);
    if (a === HT_NONE) return kb === KIND_STRUCT || kb === KIND_ARRAY;
    if (a === HT_NOFUNC) return kb === KIND_FUNC;
    return false;
  }
  if (a >= 0) {
    const ka = types.kindOf(a);
    if (ka === KIND_STRUCT) return b === HT_STRUCT || b === HT_EQ || b === HT_ANY;
    if (ka === KIND_ARRAY) return b === HT_ARRAY || b === HT_EQ || b === HT_ANY;
    if (ka === KIND_FUNC) return b === HT_FUNC;
    return false;
  }
  switch (b) {
    case HT_ANY:
      return a === HT_EQ || a === HT_I31 || a === HT_STRUCT || a === HT_ARRAY || a === HT_NONE;
    case HT_EQ:
      return a === HT_I31 || a === HT_STRUCT || a === HT_ARRAY || a === HT_NONE;
    case HT_I31:
    case HT_STRUCT:
    case HT_ARRAY:
      return a === HT_NONE;
    case HT_FUNC:
      return a === HT_NOFUNC;
    case HT_EXTERN:
      return a === HT_NOEXTERN;
    case HT_EXN:
      return a === HT_NOEXN;
    default:
      return false;
  }
}

/** Spec 3.3 value-type matching `a <: b` on value-type codes; `Bot` matches everything. */
export function isSubValCode(types: ConcreteTypes, a: number, b: number): boolean {
  if (a === b || a === VT_BOT) return true;
  if (!isRefCode(a) || !isRefCode(b)) return false;
  if (refNullable(a) && !refNullable(b)) return false;
  return isSubHeapCode(types, refHeap(a), refHeap(b));
}

/**
 * The top heap type of a heap type's hierarchy (spec 3.3 "top"): any, func or extern. `HT_BOT`
 * has no hierarchy and is returned unchanged.
 */
export function topHeapCode(types: ConcreteTypes, h: number): number {
  if (h >= 0) {
    const k = types.kindOf(h);
    return k === KIND_FUNC ? HT_FUNC : HT_ANY;
  }
  switch (h) {
    case HT_FUNC:
    case HT_NOFUNC:
      return HT_FUNC;
    case HT_EXTERN:
    case HT_NOEXTERN:
      return HT_EXTERN;
    case HT_EXN:
    case HT_NOEXN:
      return HT_EXN;
    case HT_BOT:
      return HT_BOT;
    default:
      return HT_ANY;
  }
}

/**
 * Whether a value of this value-type code is a GC reference: a reference in the any or extern
 * hierarchy (it lives in, or is tracked by, the GC heap). Function references are not.
 */
export function isGcRefCode(types: ConcreteTypes, code: number): boolean {
  if (!isRefCode(code)) return false;
  const h = refHeap(code);
  if (h >= 0) return types.kindOf(h) !== KIND_FUNC;
  return h !== HT_FUNC && h !== HT_NOFUNC && h !== HT_BOT;
}

// ---------------------------------------------------------------------------------------------
// Public helpers on canonical syntax types against a GcTypeRegistry.

class RegistryTypes implements ConcreteTypes {
  constructor(private readonly registry: GcTypeRegistry) {}
  kindOf(id: number): number {
    const t = this.registry.lookup(id);
    if (t === undefined) return KIND_UNKNOWN;
    return t.kind === 'func' ? KIND_FUNC : t.kind === 'struct' ? KIND_STRUCT : KIND_ARRAY;
  }
  isDeclaredSubtype(sub: number, sup: number): boolean {
    return this.registry.isSubtype(sub, sup);
  }
}

const registryViews = new WeakMap<GcTypeRegistry, RegistryTypes>();
/** A `ConcreteTypes` view of a registry (cached per registry). */
export function registryTypes(registry: GcTypeRegistry): ConcreteTypes {
  let v = registryViews.get(registry);
  if (v === undefined) {
    v = new RegistryTypes(registry);
    registryViews.set(registry, v);
  }
  return v;
}

/** Heap-type code of a canonical heap type (abstract name, or canonical id). */
export function canonicalHeapCode(h: HeapType): number {
  if (typeof h === 'number') return h;
  if (isAbsHeapName(h)) return absHeapCode(h);
  return HT_BOT;
}

/**
 * Spec 3.3 heap-type matching on canonical heap types: `sub <: sup`, where numbers are canonical
 * ids of `registry`. Abstract hierarchy: none <: i31, struct, array, concrete struct/array types;
 * those <: eq <: any; nofunc <: concrete function types <: func; noextern <: extern. Concrete types
 * match along declared supertype chains.
 */
export function isSubtypeHeap(registry: GcTypeRegistry, sub: HeapType, sup: HeapType): boolean {
  return isSubHeapCode(registryTypes(registry), canonicalHeapCode(sub), canonicalHeapCode(sup));
}

/** Spec 3.3 value-type matching on canonical value types (numbers equal; refs by nullability and heap type). */
export function isSubtypeVal(registry: GcTypeRegistry, sub: ValType, sup: ValType): boolean {
  if (typeof sub === 'string' || typeof sup === 'string') return sub === sup;
  if (sub.nullable && !sup.nullable) return false;
  return isSubtypeHeap(registry, sub.heap, sup.heap);
}

/** Storage-type matching (packed types match only themselves). */
export function isSubtypeStorage(registry: GcTypeRegistry, sub: StorageType, sup: StorageType): boolean {
  if (sub === 'i8' || sub === 'i16' || sup === 'i8' || sup === 'i16') return sub === sup;
  return isSubtypeVal(registry, sub, sup);
}
