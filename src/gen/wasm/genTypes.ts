import type { FieldType, FuncType, HeapType, RecType, StorageType, SubType, ValType } from '../../wasm/syntax/types';
import type { Choices } from './choices';
import { ref } from './typeSpace';

/** Limits of the type section the generator builds. */
export interface TypeShape {
  readonly maxGroups: number;
  readonly maxGroupSize: number;
  readonly maxFields: number;
  readonly maxLeafFuncTypes: number;
}

export const DEFAULT_TYPE_SHAPE: TypeShape = { maxGroups: 4, maxGroupSize: 3, maxFields: 5, maxLeafFuncTypes: 3 };

/** The generated GC and leaf-function types; the module generator appends the other function types. */
export interface GeneratedTypes {
  readonly groups: RecType[];
  /** Type indices of the leaf function types (numeric and abstract-ref params, at most one result). */
  readonly leafFuncTypes: number[];
}

/**
 * Rec groups of structs and arrays (spec 2.3.10): struct subtype chains that extend their
 * supertype's fields, array subtypes, final and open types, fields of numeric, packed and
 * reference types (to types of the same rec group, so recursion and cycles are expressible).
 * Non-nullable reference fields name only types of a smaller index (or i31/eq/any/extern), so
 * every type has a value that can be built without recursion: the body generator relies on it.
 */
export function genTypes(c: Choices, shape: TypeShape = DEFAULT_TYPE_SHAPE): GeneratedTypes {
  const groups: RecType[] = [];
  const flat: SubType[] = [];
  const leafFuncTypes: number[] = [];

  const nLeaf = c.int(shape.maxLeafFuncTypes + 1);
  for (let i = 0; i < nLeaf; i++) {
    const params: ValType[] = [];
    const np = c.int(4);
    for (let p = 0; p < np; p++) params.push(leafValType(c));
    const results: ValType[] = c.chance(0.7) ? [leafValType(c)] : [];
    const sub: SubType = { final: true, supertypes: [], composite: { kind: 'func', params, results } };
    leafFuncTypes.push(flat.length);
    flat.push(sub);
    groups.push({ subtypes: [sub] });
  }

  const nGroups = 1 + c.int(shape.maxGroups);
  for (let g = 0; g < nGroups; g++) {
    const start = flat.length;
    const size = 1 + c.int(shape.maxGroupSize);
    const end = start + size;
    const members: SubType[] = [];
    for (let k = 0; k < size; k++) {
      const self = start + k;
      const sub = c.chance(0.6)
        ? genStruct(c, flat, self, end, leafFuncTypes, shape)
        : genArray(c, flat, self, end, leafFuncTypes);
      members.push(sub);
      flat.push(sub);
    }
    groups.push({ subtypes: members });
  }
  return { groups, leafFuncTypes };
}

function leafValType(c: Choices): ValType {
  switch (c.weighted([4, 1, 1, 1, 2, 2, 1, 1])) {
    case 0: return 'i32';
    case 1: return 'i64';
    case 2: return 'f32';
    case 3: return 'f64';
    case 4: return ref(true, 'any');
    case 5: return ref(true, 'extern');
    case 6: return ref(true, 'eq');
    default: return ref(true, 'i31');
  }
}

function superCandidates(flat: readonly SubType[], kind: 'struct' | 'array'): number[] {
  const out: number[] = [];
  flat.forEach((t, i) => {
    if (!t.final && t.composite.kind === kind) out.push(i);
  });
  return out;
}

function genStruct(c: Choices, flat: readonly SubType[], self: number, groupEnd: number, leafFuncs: readonly number[], shape: TypeShape): SubType {
  const supers = superCandidates(flat, 'struct');
  const fields: FieldType[] = [];
  const supertypes: number[] = [];
  if (supers.length > 0 && c.chance(0.45)) {
    const sup = c.pick(supers);
    supertypes.push(sup);
    const sc = flat[sup]!.composite;
    if (sc.kind === 'struct') fields.push(...sc.fields);
  }
  const extra = c.int(shape.maxFields - Math.min(fields.length, shape.maxFields - 2));
  for (let i = 0; i < extra; i++) fields.push({ storage: genStorage(c, self, groupEnd, leafFuncs), mutable: c.chance(0.8) });
  return { final: c.chance(0.25), supertypes, composite: { kind: 'struct', fields } };
}

function genArray(c: Choices, flat: readonly SubType[], self: number, groupEnd: number, leafFuncs: readonly number[]): SubType {
  const supers = superCandidates(flat, 'array');
  if (supers.length > 0 && c.chance(0.3)) {
    const sup = c.pick(supers);
    const sc = flat[sup]!.composite;
    if (sc.kind === 'array') return { final: c.chance(0.3), supertypes: [sup], composite: { kind: 'array', element: sc.element } };
  }
  const element: FieldType = { storage: genStorage(c, self, groupEnd, leafFuncs), mutable: c.chance(0.85) };
  return { final: c.chance(0.25), supertypes: [], composite: { kind: 'array', element } };
}

function genStorage(c: Choices, self: number, groupEnd: number, leafFuncs: readonly number[]): StorageType {
  switch (c.weighted([3, 1, 1, 1, 1, 1, 7])) {
    case 0: return 'i32';
    case 1: return 'i64';
    case 2: return 'f32';
    case 3: return 'f64';
    case 4: return 'i8';
    case 5: return 'i16';
    default: return genRefStorage(c, self, groupEnd, leafFuncs);
  }
}

function genRefStorage(c: Choices, self: number, groupEnd: number, leafFuncs: readonly number[]): StorageType {
  const nonNull = c.chance(0.15);
  const gcRange = groupEnd - leafFuncs.length;
  if (nonNull) {
    // Only heap types with a value buildable without recursion.
    const lower = self - leafFuncs.length;
    if (lower > 0 && c.chance(0.6)) return ref(false, leafFuncs.length + c.int(lower));
    return ref(false, c.pick<HeapType>(['i31', 'eq', 'any', 'extern']));
  }
  switch (c.weighted([5, 2, 1, 1, 1, 1, 1, 1])) {
    case 0: return ref(true, leafFuncs.length + c.int(gcRange));
    case 1: return ref(true, 'any');
    case 2: return ref(true, 'eq');
    case 3: return ref(true, 'i31');
    case 4: return ref(true, 'struct');
    case 5: return ref(true, 'array');
    case 6: return ref(true, 'extern');
    default: return leafFuncs.length > 0 && c.chance(0.5) ? ref(true, c.pick(leafFuncs)) : ref(true, 'func');
  }
}


/** Structural key of a function type, for de-duplicating generated signatures. */
export function funcTypeKey(f: FuncType): string {
  return JSON.stringify([f.params, f.results]);
}
