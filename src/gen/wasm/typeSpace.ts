import type { AbsHeapType, ArrayType, FuncType, HeapType, RefType, StorageType, StructType, SubType, ValType } from '../../wasm/syntax/types';

/**
 * The generator's view of a module's type index space (spec 2.5.1, rec groups flattened) with a
 * conservative subtype test (spec 3.3.x "matching"): it answers true only when the validator must
 * agree. Concrete types match only along declared supertype chains, never through structural
 * equivalence, so every choice made from it is valid by construction.
 */
export class TypeSpace {
  constructor(readonly types: readonly SubType[]) {}

  get size(): number {
    return this.types.length;
  }

  comp(index: number): SubType['composite'] {
    return this.types[index]!.composite;
  }

  struct(index: number): StructType {
    const c = this.comp(index);
    if (c.kind !== 'struct') throw new TypeError(`type ${index} is not a struct`);
    return c;
  }

  array(index: number): ArrayType {
    const c = this.comp(index);
    if (c.kind !== 'array') throw new TypeError(`type ${index} is not an array`);
    return c;
  }

  func(index: number): FuncType {
    const c = this.comp(index);
    if (c.kind !== 'func') throw new TypeError(`type ${index} is not a func`);
    return c;
  }

  indicesOf(kind: 'struct' | 'array' | 'func'): number[] {
    const out: number[] = [];
    this.types.forEach((t, i) => {
      if (t.composite.kind === kind) out.push(i);
    });
    return out;
  }

  /** The top of `h`'s hierarchy: any, extern or func. */
  top(h: HeapType): 'any' | 'extern' | 'func' {
    if (typeof h === 'number') return this.comp(h).kind === 'func' ? 'func' : 'any';
    if (h === 'extern' || h === 'noextern') return 'extern';
    if (h === 'func' || h === 'nofunc') return 'func';
    return 'any';
  }

  /** The bottom of `h`'s hierarchy: none, noextern or nofunc. */
  bottom(h: HeapType): 'none' | 'noextern' | 'nofunc' {
    const t = this.top(h);
    return t === 'any' ? 'none' : t === 'extern' ? 'noextern' : 'nofunc';
  }

  heapSub(a: HeapType, b: HeapType): boolean {
    if (a === b) return true;
    if (typeof a === 'number') {
      const kind = this.comp(a).kind;
      if (typeof b === 'number') {
        for (let cur: number | undefined = a; cur !== undefined; cur = this.types[cur]!.supertypes[0]) {
          if (cur === b) return true;
        }
        return false;
      }
      if (kind === 'func') return b === 'func';
      if (b === 'any' || b === 'eq') return true;
      return b === kind;
    }
    if (typeof b === 'number') {
      const kind = this.comp(b).kind;
      return kind === 'func' ? a === 'nofunc' : a === 'none';
    }
    return absSub(a, b);
  }

  valSub(a: ValType, b: ValType): boolean {
    if (typeof a === 'string' || typeof b === 'string') return a === b;
    return (!a.nullable || b.nullable) && this.heapSub(a.heap, b.heap);
  }

  /** Whether values of this type have a default (spec 3.2.x "defaultable"). */
  defaultable(t: StorageType): boolean {
    return typeof t === 'string' || t.nullable;
  }
}

const ABS_SUPERS: Readonly<Record<AbsHeapType, readonly AbsHeapType[]>> = {
  any: ['any'],
  eq: ['eq', 'any'],
  i31: ['i31', 'eq', 'any'],
  struct: ['struct', 'eq', 'any'],
  array: ['array', 'eq', 'any'],
  none: ['none', 'i31', 'struct', 'array', 'eq', 'any'],
  extern: ['extern'],
  noextern: ['noextern', 'extern'],
  func: ['func'],
  nofunc: ['nofunc', 'func'],
  exn: ['exn'],
  noexn: ['noexn', 'exn'],
};

function absSub(a: AbsHeapType, b: AbsHeapType): boolean {
  return ABS_SUPERS[a].includes(b);
}

/** The value type a storage type reads as (packed types read as i32). */
export function unpacked(t: StorageType): ValType {
  return t === 'i8' || t === 'i16' ? 'i32' : t;
}

export function ref(nullable: boolean, heap: HeapType): RefType {
  return { kind: 'ref', nullable, heap };
}

/** The nullable top references, the types generators reach for when any reference will do. */
export const ANY_NULL = ref(true, 'any');
export const EXTERN_NULL = ref(true, 'extern');
export const FUNC_NULL = ref(true, 'func');
