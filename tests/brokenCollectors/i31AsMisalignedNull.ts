import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { SandboxError } from '../../src/errors/SandboxError';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: checkObject tests alignment before i31-ness, so an i31 used as an object (odd,
 * hence misaligned) is reported as a 'misaligned' SandboxError, not 'i31': still rejected, but the
 * violation the host is told is wrong (GcHeapBase.checkObject's contract names 'i31'). Overrides
 * GcHeapBase's protected `checkObject`. Expected oracle: sandbox (forge kind i31 through a
 * validating use, whose violation the oracle names).
 */
class I31AsMisalignedNullHeap extends NullHeap {
  protected override checkObject(ref: number): number {
    if ((ref & 1) !== 0) throw new SandboxError('misaligned', ref);
    return super.checkObject(ref);
  }
}

export const i31AsMisalignedNull: GcRuntime = {
  name: 'i31-as-misaligned-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new I31AsMisalignedNullHeap(i31AsMisalignedNull, config),
};

export default i31AsMisalignedNull;
