import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';

/**
 * BROKEN ON PURPOSE: a null heap whose `grow` answers true to an amount no heap can grow by
 * (negative, NaN, infinite) and changes nothing (the Stryker mutant of grow's guard that returns
 * true): a host told the heap grew has no room to show for it. The store never asks for such an
 * amount. Expected oracle: sandbox (the forged growth, src/cases/ops/forgeGrowth.ts).
 */
class BadGrowthAcceptingNullHeap extends NullHeap {
  override grow(bytes: number): boolean {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) return true;
    return super.grow(bytes);
  }
}

export const badGrowthAcceptingNull: GcRuntime = {
  name: 'bad-growth-accepting-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new BadGrowthAcceptingNullHeap(badGrowthAcceptingNull, config),
};

export default badGrowthAcceptingNull;
