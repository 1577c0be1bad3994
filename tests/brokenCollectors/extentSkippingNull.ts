import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: the null heap never checks an object's extent (`checkExtent`, a protected
 * hook of GcHeapBase): a header whose size bits disagree with its type, or whose object runs past
 * the bump pointer, is trusted once its kind and type index look right. Expected oracle: sandbox
 * (forge kinds badSize, pastBump).
 */
class ExtentSkippingNullHeap extends NullHeap {
  protected override checkExtent(): void {}
}

export const extentSkippingNull: GcRuntime = {
  name: 'extent-skipping-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new ExtentSkippingNullHeap(extentSkippingNull, config),
};

export default extentSkippingNull;
