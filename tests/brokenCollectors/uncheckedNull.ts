import type { FieldValue, GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: the read entry points trust any even ref past the heap's bound and read the
 * typed array there without a check (which in JS yields undefined, in Rust would read outside the
 * heap) instead of raising SandboxError. Expected oracle: sandbox.
 */
class UncheckedNullHeap extends NullHeap {
  private raw(ref: GcRef, offset: number): number {
    return this.u32[(ref + offset) >>> 2] as number;
  }

  private outside(ref: GcRef): boolean {
    return (ref & 1) === 0 && ref >= this.vmctxGcHeapBound();
  }

  override headerKind(ref: GcRef): number {
    return this.outside(ref) ? (this.raw(ref, 0) & 0xfc000000) >>> 0 : super.headerKind(ref);
  }

  override headerType(ref: GcRef): number {
    return this.outside(ref) ? this.raw(ref, 4) : super.headerType(ref);
  }

  override arrayLen(ref: GcRef): number {
    return this.outside(ref) ? this.raw(ref, 8) : super.arrayLen(ref);
  }

  override structGet(ref: GcRef, field: number, signed?: boolean): FieldValue {
    return this.outside(ref) ? this.raw(ref, 8 + 4 * field) : super.structGet(ref, field, signed);
  }

  override arrayGet(ref: GcRef, index: number, signed?: boolean): FieldValue {
    return this.outside(ref) ? this.raw(ref, 12 + 4 * index) : super.arrayGet(ref, index, signed);
  }

  override externrefHostData(ref: GcRef): number {
    return this.outside(ref) ? this.raw(ref, 8) : super.externrefHostData(ref);
  }
}

export const uncheckedNull: GcRuntime = {
  name: 'unchecked-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new UncheckedNullHeap(uncheckedNull, config),
};

export default uncheckedNull;
