/**
 * Type canonicalisation (spec 3.1.3 / 4.2 "type equivalence", iso-recursive types): rec groups are
 * identified by their structure, with references inside the group written as relative indices and
 * references outside it as canonical ids. Equivalent rec groups get the same canonical ids, across
 * every module validated against the same GcTypeRegistry.
 *
 * A TypeCanon belongs to one GcTypeRegistry (`typeCanonFor`). Canonical ids are the registry's
 * indices: each new valid rec group registers one GcCompositeType per sub type (struct fields and
 * array elements as runtime storage types with canonical ids, `supertype` the canonical id of the
 * declared supertype, `final`). Invalid groups are never registered.
 */
import type { GcTypeRegistry, GcCompositeType, FieldType as RtFieldType, StorageType as RtStorageType } from '../../runtime/gcTypes';
import { ValidationError } from '../../errors/ValidationError';
import type { RecType, StorageType, SubType, ValType } from '../syntax/types';
import { KIND_ARRAY, KIND_FUNC, KIND_STRUCT, KIND_UNKNOWN, isSubValCode, type ConcreteTypes } from './subtyping';
import {
  MAX_CANONICAL_ID,
  ST_I16,
  ST_I8,
  absHeapCode,
  isAbsHeapName,
  isNumName,
  isRefCode,
  numCode,
  refCode,
  refHeap,
  refNullable,
  storageTypeOfCode,
} from './typeCode';

/** A canonical type as the validator uses it: value / storage types as codes of ./typeCode. */
export interface CanonDef {
  readonly kind: number; // KIND_FUNC | KIND_STRUCT | KIND_ARRAY
  readonly final: boolean;
  /** Canonical id of the declared supertype, or -1. */
  readonly supertype: number;
  /** Function types. */
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Struct fields, or the array's single element: storage codes and mutability. */
  readonly fields: readonly number[];
  readonly mutables: readonly boolean[];
}

const EMPTY: readonly never[] = [];
/** Heap code of the i-th type of the rec group being canonicalised (group-local form only). */
const REL_BASE = -1000;

export class TypeCanon implements ConcreteTypes {
  /** Indexed by canonical id; holes for registry entries not made by this canonicaliser. */
  private readonly defs: (CanonDef | undefined)[] = [];
  private readonly groups = new Map<string, number>();

  constructor(readonly registry: GcTypeRegistry) {}

  def(id: number): CanonDef | undefined {
    return this.defs[id];
  }

  kindOf(id: number): number {
    const d = this.defs[id];
    if (d !== undefined) return d.kind;
    const t = this.registry.lookup(id);
    if (t === undefined) return KIND_UNKNOWN;
    return t.kind === 'func' ? KIND_FUNC : t.kind === 'struct' ? KIND_STRUCT : KIND_ARRAY;
  }

  isDeclaredSubtype(sub: number, sup: number): boolean {
    if (this.defs[sub] === undefined) return this.registry.isSubtype(sub, sup);
    // A canonical type's declared supertype always has a smaller id (validated: the supertype's
    // index precedes the sub type's), so the chain strictly decreases and stays among our defs.
    let cur = sub;
    while (cur >= sup) {
      if (cur === sup) return true;
      cur = this.defs[cur]?.supertype ?? -1;
    }
    return false;
  }

  /**
   * Validates (spec 3.2 "rec types" and "sub types") and canonicalises one rec group whose first
   * type has module type index `groupStart`. `typeIds` holds the canonical ids of the module's
   * types before the group. Returns the canonical id of the group's first type; the group's
   * types have consecutive ids. Throws ValidationError for an invalid group.
   */
  canonicaliseRecGroup(group: RecType, groupStart: number, typeIds: readonly number[]): number {
    return this.canonicalise(group, groupStart, typeIds);
  }

  /**
   * Canonicalises a rec group of one sub type whose concrete heap types and supertype are
   * canonical ids of this registry already (e.g. a host function's type built from canonical
   * types); it cannot refer to itself. Validated like any group. Returns its canonical id.
   */
  canonicaliseClosed(sub: SubType): number {
    for (const y of sub.supertypes) if (typeof y === 'number' && this.defs[y] === undefined) throw unknownType(y);
    return this.canonicalise({ subtypes: [sub] }, 0, CLOSED);
  }

  private canonicalise(group: RecType, groupStart: number, typeIds: OuterIds): number {
    const subs = group.subtypes;
    const n = subs.length;
    if (n === 0) return this.registry.size; // an empty rec group defines no types
    const groupEnd = groupStart + n;
    const local: GroupLocalDef[] = new Array<GroupLocalDef>(n);
    const keyParts: string[] = [];
    for (let i = 0; i < n; i++) {
      const d = encodeSubType(subs[i]!, groupStart, groupEnd, typeIds);
      local[i] = d;
      keyParts.push(groupLocalKey(d));
    }
    if (typeIds === CLOSED) for (const d of local) checkClosedRefs(this, d);
    const key = keyParts.join(';');
    const known = this.groups.get(key);
    if (known !== undefined) return known;

    const base = this.registry.size;
    const abs: CanonDef[] = local.map((d) => absolutise(d, base));
    // Tentatively enter the group so that subtyping can consult it while it is checked.
    for (let i = 0; i < n; i++) this.defs[base + i] = abs[i];
    try {
      // Supertype order first, for the whole group: afterwards every declared chain strictly
      // decreases, so the subtype checks of the second pass terminate.
      if (typeIds !== CLOSED) for (let i = 0; i < n; i++) checkSuperIndex(subs[i]!, groupStart + i);
      for (let i = 0; i < n; i++) checkSubType(this, subs[i]!, local[i]!, abs[i]!, groupStart + i, groupStart, base);
    } catch (e) {
      this.defs.length = Math.min(this.defs.length, base);
      throw e;
    }
    for (let i = 0; i < n; i++) {
      const id = this.registry.register(toRuntime(abs[i]!));
      if (id !== base + i) {
        // Registration order is synchronous; a mismatch means the registry was mutated concurrently.
        this.defs.length = Math.min(this.defs.length, base);
        throw new ValidationError('type registry changed during canonicalisation');
      }
    }
    this.groups.set(key, base);
    return base;
  }
}

const canons = new WeakMap<GcTypeRegistry, TypeCanon>();

/** The canonicaliser of a registry: modules validated against the same registry share canonical ids. */
export function typeCanonFor(registry: GcTypeRegistry): TypeCanon {
  let c = canons.get(registry);
  if (c === undefined) {
    c = new TypeCanon(registry);
    canons.set(registry, c);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------

/** A sub type with references to its own group as REL_BASE - i heap codes (the iso-recursive form). */
interface GroupLocalDef {
  readonly kind: number;
  readonly final: boolean;
  /** -1 none; >= 0 canonical id outside the group; <= REL_BASE relative in-group. */
  readonly supertype: number;
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly fields: readonly number[];
  readonly mutables: readonly boolean[];
}

/** In a closed group every concrete reference must name a type this canonicaliser made. */
function checkClosedRefs(canon: TypeCanon, d: GroupLocalDef): void {
  const check = (c: number): void => {
    if (c >= 0 && isRefCode(c)) {
      const h = refHeap(c);
      if (h >= 0 && canon.def(h) === undefined) throw unknownType(h);
    }
  };
  d.params.forEach(check);
  d.results.forEach(check);
  d.fields.forEach(check);
}

function unknownType(x: unknown): ValidationError {
  return new ValidationError(`unknown type ${typeof x === 'number' ? x : String(x)}`);
}

/**
 * Canonical ids of the type indices before the group: a module's `typeIds`, or CLOSED when the
 * "indices" outside the group are canonical ids already (see `canonicaliseClosed`).
 */
type OuterIds = readonly number[] | typeof CLOSED;
const CLOSED = null;

function encodeTypeIndex(x: unknown, groupStart: number, groupEnd: number, typeIds: OuterIds): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw unknownType(x);
  if (typeIds === CLOSED) {
    if (x >= MAX_CANONICAL_ID) throw unknownType(x);
    return x;
  }
  if (x >= groupEnd) throw unknownType(x);
  if (x >= groupStart) return REL_BASE - (x - groupStart);
  return typeIds[x]!;
}

function encodeVal(t: ValType, groupStart: number, groupEnd: number, typeIds: OuterIds): number {
  if (typeof t === 'string') {
    if (isNumName(t)) return numCode(t);
    throw new ValidationError(`malformed value type ${String(t)}`);
  }
  if (t === null || typeof t !== 'object' || t.kind !== 'ref') throw new ValidationError('malformed value type');
  const h = t.heap;
  const hc = typeof h === 'number' ? encodeTypeIndex(h, groupStart, groupEnd, typeIds) : isAbsHeapName(h) ? absHeapCode(h) : NaN;
  if (Number.isNaN(hc)) throw new ValidationError(`malformed heap type ${String(h)}`);
  return refCode(hc, t.nullable === true);
}

function encodeStorage(t: StorageType, groupStart: number, groupEnd: number, typeIds: OuterIds): number {
  if (t === 'i8') return ST_I8;
  if (t === 'i16') return ST_I16;
  return encodeVal(t, groupStart, groupEnd, typeIds);
}

function encodeSubType(st: SubType, groupStart: number, groupEnd: number, typeIds: OuterIds): GroupLocalDef {
  const ct = st.composite;
  const supers = st.supertypes;
  let supertype = -1;
  // At most one supertype (spec 3.2.x sub types); checked here so the group key, which records
  // only the first, identifies valid groups exactly.
  if (supers.length > 1) throw new ValidationError('multiple supertypes');
  if (supers.length > 0) supertype = encodeTypeIndex(supers[0], groupStart, groupEnd, typeIds);
  const final = st.final === true;
  switch (ct.kind) {
    case 'func':
      return {
        kind: KIND_FUNC,
        final,
        supertype,
        params: ct.params.map((t) => encodeVal(t, groupStart, groupEnd, typeIds)),
        results: ct.results.map((t) => encodeVal(t, groupStart, groupEnd, typeIds)),
        fields: EMPTY,
        mutables: EMPTY,
      };
    case 'struct':
      return {
        kind: KIND_STRUCT,
        final,
        supertype,
        params: EMPTY,
        results: EMPTY,
        fields: ct.fields.map((f) => encodeStorage(f.storage, groupStart, groupEnd, typeIds)),
        mutables: ct.fields.map((f) => f.mutable === true),
      };
    case 'array':
      return {
        kind: KIND_ARRAY,
        final,
        supertype,
        params: EMPTY,
        results: EMPTY,
        fields: [encodeStorage(ct.element.storage, groupStart, groupEnd, typeIds)],
        mutables: [ct.element.mutable === true],
      };
    default:
      throw new ValidationError('malformed composite type');
  }
}

function groupLocalKey(d: GroupLocalDef): string {
  let s = `${d.final ? 'F' : 'N'}${d.supertype}:${d.kind}:`;
  if (d.kind === KIND_FUNC) s += `${d.params.join(',')}>${d.results.join(',')}`;
  else for (let i = 0; i < d.fields.length; i++) s += `${d.mutables[i] ? 'm' : 'c'}${d.fields[i]},`;
  return s;
}

function absCode(code: number, base: number): number {
  if (code >= 0) return code;
  // A group-local reference: its heap code is REL_BASE - i.
  const h = refHeap(code);
  return refCode(base + (REL_BASE - h), refNullable(code));
}

function absolutise(d: GroupLocalDef, base: number): CanonDef {
  const conv = (c: number): number => absCode(c, base);
  return {
    kind: d.kind,
    final: d.final,
    supertype: d.supertype <= REL_BASE ? base + (REL_BASE - d.supertype) : d.supertype,
    params: d.params.length === 0 ? EMPTY : d.params.map(conv),
    results: d.results.length === 0 ? EMPTY : d.results.map(conv),
    fields: d.fields.length === 0 ? EMPTY : d.fields.map(conv),
    mutables: d.mutables,
  };
}

/** Spec 3.2 sub types: the supertype of the type at module index `x` must be an earlier type. */
function checkSuperIndex(st: SubType, x: number): void {
  const y = st.supertypes[0];
  if (y !== undefined && y >= x) throw new ValidationError(`forward use of type ${y} in sub type definition`, `type ${x}`);
}

/**
 * Spec 3.2 sub type validity for the type at module index `x` (after checkSuperIndex): its
 * supertype must not be final, and the sub type's composite type must match the supertype's
 * (spec 3.3 composite-type matching).
 */
function checkSubType(canon: TypeCanon, st: SubType, local: GroupLocalDef, def: CanonDef, x: number, groupStart: number, base: number): void {
  if (st.supertypes.length === 0) return;
  const y = st.supertypes[0]!;
  const supId = local.supertype <= REL_BASE ? base + (y - groupStart) : local.supertype;
  const sup = canon.def(supId);
  if (sup === undefined) throw new ValidationError(`unknown type ${y}`, `type ${x}`);
  if (sup.final) throw new ValidationError(`sub type ${x} has final super type ${y}`, `type ${x}`);
  if (!matchesCompDef(canon, def, sup)) throw new ValidationError(`sub type ${x} does not match super type ${y}`, `type ${x}`);
}

/**
 * Spec 3.3 composite-type matching `sub <: sup`: same kind; functions contravariant in
 * parameters and covariant in results; structs by width and depth; fields with equal mutability,
 * immutable fields covariant, mutable fields invariant (equal canonical types), packed types
 * matching only themselves.
 */
export function matchesCompDef(types: ConcreteTypes, sub: CanonDef, sup: CanonDef): boolean {
  if (sub.kind !== sup.kind) return false;
  if (sub.kind === KIND_FUNC) {
    if (sub.params.length !== sup.params.length || sub.results.length !== sup.results.length) return false;
    for (let i = 0; i < sub.params.length; i++) if (!isSubValCode(types, sup.params[i]!, sub.params[i]!)) return false;
    for (let i = 0; i < sub.results.length; i++) if (!isSubValCode(types, sub.results[i]!, sup.results[i]!)) return false;
    return true;
  }
  if (sub.fields.length < sup.fields.length) return false;
  if (sub.kind === KIND_ARRAY && sub.fields.length !== sup.fields.length) return false;
  for (let i = 0; i < sup.fields.length; i++) {
    const m = sup.mutables[i]!;
    if (sub.mutables[i] !== m) return false;
    const a = sub.fields[i]!;
    const b = sup.fields[i]!;
    if (m || !isRefCode(a) || !isRefCode(b)) {
      if (a !== b) return false;
    } else if (!isSubValCode(types, a, b)) return false;
  }
  return true;
}

function toRuntimeStorage(code: number): RtStorageType {
  return storageTypeOfCode(code) as RtStorageType;
}

function toRuntime(d: CanonDef): GcCompositeType {
  const common = { ...(d.supertype >= 0 ? { supertype: d.supertype } : {}), final: d.final };
  if (d.kind === KIND_FUNC) return { kind: 'func', ...common };
  const fields: RtFieldType[] = d.fields.map((c, i) => ({ storage: toRuntimeStorage(c), mutable: d.mutables[i]! }));
  if (d.kind === KIND_STRUCT) return { kind: 'struct', fields, ...common };
  return { kind: 'array', element: fields[0]!, ...common };
}
