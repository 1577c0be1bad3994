import type { GcTypeRegistry, StorageType, TraceKind } from './gcTypes';
import { OutOfMemoryError } from '../errors/OutOfMemoryError';

/**
 * Byte layout of one registered type for one collector's header size. Fields keep declaration
 * order, each at its natural alignment, so a subtype's layout extends its supertype's prefix
 * (Wasmtime #10459 was a reordering that broke exactly this).
 */
export interface StructLayout {
  readonly kind: 'struct';
  readonly size: number;
  readonly fieldOffsets: readonly number[];
  readonly fieldStorage: readonly StorageType[];
  readonly fieldTrace: readonly TraceKind[];
  /** Offsets of fields holding traced GcRefs, for the collectors' tracing loops. */
  readonly gcRefOffsets: readonly number[];
}
export interface ArrayLayout {
  readonly kind: 'array';
  readonly lengthOffset: number;
  readonly elemsOffset: number;
  readonly elemSize: number;
  readonly elemStorage: StorageType;
  readonly elemTrace: TraceKind;
}
export type GcLayout = StructLayout | ArrayLayout;

/** Largest object the runtime will lay out: sizes must never spill into the header's kind bits (#10453). */
export const MAX_OBJECT_SIZE = (1 << 26) - 1;

export function storageSize(s: StorageType): number {
  if (typeof s !== 'string') return 4;
  switch (s) {
    case 'i8': return 1;
    case 'i16': return 2;
    case 'i32': case 'f32': return 4;
    case 'i64': case 'f64': return 8;
  }
}

export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

export function computeLayout(types: GcTypeRegistry, typeIndex: number, headerSize: number): GcLayout {
  const t = types.get(typeIndex);
  if (t.kind === 'struct') {
    let off = headerSize;
    const fieldOffsets: number[] = [];
    const fieldTrace: TraceKind[] = [];
    const gcRefOffsets: number[] = [];
    for (const f of t.fields) {
      const sz = storageSize(f.storage);
      off = alignUp(off, sz);
      fieldOffsets.push(off);
      const tk = types.traceKind(f.storage);
      fieldTrace.push(tk);
      if (tk === 'gc') gcRefOffsets.push(off);
      off += sz;
    }
    return { kind: 'struct', size: alignUp(Math.max(off, headerSize), 8), fieldOffsets, fieldStorage: t.fields.map((f) => f.storage), fieldTrace, gcRefOffsets };
  }
  if (t.kind === 'array') {
    const elemSize = storageSize(t.element.storage);
    const lengthOffset = headerSize;
    const elemsOffset = alignUp(lengthOffset + 4, elemSize);
    return { kind: 'array', lengthOffset, elemsOffset, elemSize, elemStorage: t.element.storage, elemTrace: types.traceKind(t.element.storage) };
  }
  throw new OutOfMemoryError(0, `type ${typeIndex} is a function type and cannot be allocated`);
}

/** Byte size of an array object of `length` elements, aligned to 8; throws for sizes past the limit. */
export function arrayObjectSize(layout: ArrayLayout, length: number): number {
  const bytes = layout.elemsOffset + length * layout.elemSize;
  if (!Number.isSafeInteger(bytes) || length < 0 || bytes > MAX_OBJECT_SIZE) {
    throw new OutOfMemoryError(bytes, 'allocation too large');
  }
  return alignUp(bytes, 8);
}
