import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { FieldValue } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: arrayGet's element bound is off by one (`index > length` where it must be
 * `index >= length`), so reading element `length` returns the word just past the array (padding or
 * the next object's header) instead of raising SandboxError('field out of bounds'). The interpreter
 * bounds-checks before it calls the heap, so only a forged index reaches it. Overrides GcHeapBase's
 * public `arrayGet` through its protected `curInfo`. Expected oracle: sandbox (forge's badIndex probes).
 */
class OffByOneElementNullHeap extends NullHeap {
  override arrayGet(ref: GcRef, index: number, signed = false): FieldValue {
    const len = this.arrayLen(ref);
    if (index !== len) return super.arrayGet(ref, index, signed);
    const info = this.curInfo!;
    return this.u32[(ref + info.elemsOffset + index * info.elemSize) >>> 2]!;
  }
}

export const offByOneElementNull: GcRuntime = {
  name: 'off-by-one-element-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new OffByOneElementNullHeap(offByOneElementNull, config),
};

export default offByOneElementNull;
