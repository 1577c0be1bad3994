import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { K_EXTERN, K_FREED } from '../../src/runtime/gcHeapBase';
import { POISON_WORD } from '../../src/runtime/heapMemory';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: checkObject takes a swept block's first word (all six kind bits set, or the
 * poison word) for an externref instead of raising SandboxError('freed'), so a dangling ref to a
 * freed block reads stale bytes as a live externref's host-data id (use after free). Every other
 * header goes through GcHeapBase's own checkObject. Overrides its protected `checkObject`.
 * Expected oracle: sandbox (a forge whose freed ref lands on a freed block's word,
 * src/cases/ops/headerViolation.ts).
 */
class Broken extends IncrementalHeap {
  protected override checkObject(ref: number): number {
    const w0 = (ref & 15) === 0 && ref >= 16 && ref + 20 <= this.bound ? this.u32[ref >>> 2]! : 0;
    if (w0 >>> 26 === K_FREED || w0 === POISON_WORD) return K_EXTERN;
    return super.checkObject(ref);
  }
}

export default brokenIncremental('freed-as-extern-incremental', (runtime, config) => new Broken(runtime, config));
