import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';
import { GcKind } from '../../src/runtime/gcKind';
import { MAX_OBJECT_SIZE } from '../../src/runtime/gcLayout';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';

/**
 * BROKEN ON PURPOSE: DRC whose array size arithmetic is 32-bit (`Math.imul`, `>>> 0`), as a
 * runtime written in C or Rust with u32 sizes would be. A length whose byte size reaches 2^32
 * wraps to a small block that still records the huge length: the next access runs past the block.
 * Expected: a sandbox/crash finding instead of the out-of-memory every correct collector reports.
 */
class SizeWrappingDrcHeap extends DrcHeap {
  override allocArray(typeIndex: number, length: number): GcRef | null {
    const info = this.infoFor(typeIndex);
    if (info === null || info.isStruct || (length >>> 0) !== length) return super.allocArray(typeIndex, length);
    const size = (info.elemsOffset + Math.imul(length, info.elemSize)) >>> 0;
    if (size > MAX_OBJECT_SIZE) throw new OutOfMemoryError(size, 'allocation too large');
    const ref = this.allocRaw(GcKind.ArrayRef, typeIndex, size);
    if (ref === 0) return null;
    this.u32[(ref + info.lengthOffset) >>> 2] = length;
    return ref;
  }
}

export const sizeWrappingDrc: GcRuntime = {
  name: 'size-wrapping-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new SizeWrappingDrcHeap(sizeWrappingDrc, config),
};

export default sizeWrappingDrc;
