import { InvariantError } from '../errors/InvariantError';

/**
 * The runtime's view of Wasm GC types (spec 2.3.8 "composite types"): enough to lay objects out
 * and to trace them. The Wasm engine registers its canonicalised types here and stores the
 * returned index in each object's header (`VMGcHeader.ty`).
 */
export type AbstractHeapType = 'extern' | 'noextern' | 'any' | 'eq' | 'i31' | 'struct' | 'array' | 'none' | 'func' | 'nofunc' | 'exn' | 'noexn';

/** A reference storage type: nullable or not, to an abstract heap type or to a registered type index. */
export interface RefStorage {
  readonly kind: 'ref';
  readonly nullable: boolean;
  readonly heap: AbstractHeapType | number;
}
export type PackedStorage = 'i8' | 'i16';
export type NumStorage = 'i32' | 'i64' | 'f32' | 'f64';
export type StorageType = PackedStorage | NumStorage | RefStorage;

export interface FieldType {
  readonly storage: StorageType;
  readonly mutable: boolean;
}

export interface StructType {
  readonly kind: 'struct';
  readonly fields: readonly FieldType[];
  readonly supertype?: number;
  readonly final?: boolean;
}
export interface ArrayType {
  readonly kind: 'array';
  readonly element: FieldType;
  readonly supertype?: number;
  readonly final?: boolean;
}
/** Function types are registered only so that concrete `(ref $f)` fields can name them; never allocated. */
export interface FuncType {
  readonly kind: 'func';
  readonly supertype?: number;
  readonly final?: boolean;
}
export type GcCompositeType = StructType | ArrayType | FuncType;

/**
 * How a stored value is traced. 'gc': a GcRef the collector must trace and count (any/eq/struct/
 * array/i31/extern hierarchies); 'func': a function-table id, never traced; 'none': plain bits.
 */
export type TraceKind = 'gc' | 'func' | 'none';

/**
 * Append-only registry of GC types shared by a store's heap and the engine. Indices are stable for
 * the registry's lifetime, so an index in a header always names the same type.
 */
export class GcTypeRegistry {
  private readonly types: GcCompositeType[] = [];

  register(type: GcCompositeType): number {
    this.types.push(type);
    return this.types.length - 1;
  }

  get size(): number {
    return this.types.length;
  }

  /** The type at `index`, or undefined for an index never registered (a forged header). */
  lookup(index: number): GcCompositeType | undefined {
    return this.types[index];
  }

  get(index: number): GcCompositeType {
    const t = this.types[index];
    if (t === undefined) throw new InvariantError('unknown GC type index', String(index));
    return t;
  }

  /** Declared subtyping between registered indices: reflexive, follows `supertype` links. */
  isSubtype(sub: number, sup: number): boolean {
    let cur: number | undefined = sub;
    while (cur !== undefined) {
      if (cur === sup) return true;
      cur = this.types[cur]?.supertype;
    }
    return false;
  }

  /** Whether a stored value of `storage` is a GC edge, a function id, or plain bits. */
  traceKind(storage: StorageType): TraceKind {
    if (typeof storage === 'string') return 'none';
    const h = storage.heap;
    if (typeof h === 'number') return this.get(h).kind === 'func' ? 'func' : 'gc';
    return h === 'func' || h === 'nofunc' ? 'func' : 'gc';
  }
}
