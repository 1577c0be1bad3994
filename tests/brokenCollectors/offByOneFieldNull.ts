import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { FieldValue } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';
import { K_STRUCT } from '../../src/runtime/gcHeapBase';

/**
 * BROKEN ON PURPOSE: structGet's field bound is off by one (`field > count` where it must be
 * `field >= count`), so reading field `count` returns the word just past the struct (padding or
 * the next object's header) instead of raising SandboxError('field out of bounds'). Wasm field
 * indexes are validated and the op runner's are fixed up, so only a forged index reaches it.
 * Overrides GcHeapBase's public `structGet` through its protected `checkObject` and `curInfo`.
 * Expected oracle: sandbox (the forge op's forged-index probes).
 */
class OffByOneFieldNullHeap extends NullHeap {
  override structGet(ref: GcRef, field: number, signed = false): FieldValue {
    if (this.checkObject(ref) !== K_STRUCT || field !== this.curInfo!.fieldCodes.length) return super.structGet(ref, field, signed);
    return this.u32[(ref + this.curInfo!.size + 3) >>> 2]!;
  }
}

export const offByOneFieldNull: GcRuntime = {
  name: 'off-by-one-field-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new OffByOneFieldNullHeap(offByOneFieldNull, config),
};

export default offByOneFieldNull;
