import type { OpRunner } from '../../harness/targets/ops/opRunner';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { describeError } from '../../../oracles/classifyRuntimeError';

/** Growth amounts no heap can grow by: negative, not a number, infinite. */
const BAD_GROWTH: readonly number[] = [-16, NaN, Infinity];

/**
 * Forged growth amounts (issue 13: every heap's `grow` guard, `!(bytes >= 0) ||
 * !Number.isFinite(bytes)`, met only the store's own positive amounts). `GcHeap.grow(bytes)`
 * grows "by at least `bytes` ... False if it cannot", and no heap can grow by a negative amount,
 * NaN or infinity: each must answer false and leave the bound and the capacity as they were (the
 * accounting ledger's `checkedGrow` judges the same call too). Run at every forge op beside the
 * model, before the forged ref's use; a refused growth changes nothing, so the case goes on as
 * before. No byte is drawn. Failures are 'sandbox' (a bad argument to a heap entry point, as
 * forged indexes are).
 */
export function probeForgedGrowth(x: OpRunner): void {
  if (!x.mode.model) return;
  const heap = x.store.heap;
  for (const bytes of BAD_GROWTH) {
    const bound = heap.vmctxGcHeapBound();
    const capacity = heap.stats().capacityBytes;
    let answer: string;
    try {
      const ok = heap.grow(bytes);
      if (ok === false && heap.vmctxGcHeapBound() === bound && heap.stats().capacityBytes === capacity) continue;
      answer = `${String(ok)}, bound ${bound} -> ${heap.vmctxGcHeapBound()}, capacity ${capacity} -> ${heap.stats().capacityBytes}`;
    } catch (e) {
      answer = describeError(e);
    }
    throw new OracleFailure('sandbox', x.opIndex, `grow(${bytes}) to answer false and change nothing`, answer, 'forged growth');
  }
}
