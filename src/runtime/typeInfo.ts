import type { GcTypeRegistry, StorageType } from './gcTypes';
import { computeLayout } from './gcLayout';

/** Storage codes of `TypeInfo`: a small int per field so field access is a switch, never a string compare. */
export const ST_I8 = 0;
export const ST_I16 = 1;
export const ST_I32 = 2;
export const ST_I64 = 3;
export const ST_F32 = 4;
export const ST_F64 = 5;
/** A GcRef the collector traces (and DRC counts). */
export const ST_REF = 6;
/** A function-table id: 32 bits, never traced, never counted. */
export const ST_FUNC = 7;

/** The storage code of one field or element type. */
export function storageCode(types: GcTypeRegistry, s: StorageType): number {
  if (typeof s !== 'string') return types.traceKind(s) === 'gc' ? ST_REF : ST_FUNC;
  switch (s) {
    case 'i8': return ST_I8;
    case 'i16': return ST_I16;
    case 'i32': return ST_I32;
    case 'i64': return ST_I64;
    case 'f32': return ST_F32;
    case 'f64': return ST_F64;
  }
}

/**
 * One registered type, laid out for one collector's header size (gcLayout.ts `computeLayout`) and
 * flattened into typed arrays for the hot paths. A single shape for structs and arrays keeps the
 * heap's field accessors monomorphic. Immutable: the type registry is append-only.
 */
export class TypeInfo {
  private constructor(
    readonly typeIndex: number,
    readonly isStruct: boolean,
    /** Struct: object size before collector rounding. Array: unused (0). */
    readonly size: number,
    readonly fieldOffsets: Int32Array,
    readonly fieldCodes: Uint8Array,
    /** Offsets of traced GcRef fields (struct). */
    readonly refOffsets: Int32Array,
    readonly lengthOffset: number,
    readonly elemsOffset: number,
    readonly elemSize: number,
    readonly elemCode: number,
  ) {}

  get fieldCount(): number {
    return this.fieldCodes.length;
  }

  /**
   * The info for `typeIndex` laid out after a `headerSize`-byte header, or null when the index is
   * unregistered or names a function type (such an index in a header is a corrupt header).
   */
  static build(types: GcTypeRegistry, typeIndex: number, headerSize: number): TypeInfo | null {
    const t = types.lookup(typeIndex);
    if (t === undefined || t.kind === 'func') return null;
    const layout = computeLayout(types, typeIndex, headerSize);
    if (layout.kind === 'struct') {
      const codes = new Uint8Array(layout.fieldStorage.length);
      for (let i = 0; i < codes.length; i++) codes[i] = storageCode(types, layout.fieldStorage[i]!);
      return new TypeInfo(typeIndex, true, layout.size, Int32Array.from(layout.fieldOffsets), codes,
        Int32Array.from(layout.gcRefOffsets), 0, 0, 0, 0);
    }
    return new TypeInfo(typeIndex, false, 0, new Int32Array(0), new Uint8Array(0), new Int32Array(0),
      layout.lengthOffset, layout.elemsOffset, layout.elemSize, storageCode(types, layout.elemStorage));
  }
}
