import type { GcHeap } from '../src/runtime/gcHeap';
import { DrcHeap } from '../src/runtime/collectors/drcHeap';
import { IncrementalHeap } from '../src/runtime/collectors/incrementalHeap';
import { NullHeap } from '../src/runtime/collectors/nullHeap';
import { HEAP_SIZE_ALIGN, MAX_HEAP_BYTES } from '../src/runtime/heapMemory';
import { OracleFailure } from './OracleFailure';

/** What the growth judgement saw over a heap's life (for tests). */
export interface GrowStats {
  /** Refused growths that were judged. */
  judged: number;
  /** The first failure, also thrown from inside the call that showed it (as installExactFitOracle's). */
  failure: OracleFailure | null;
}

/**
 * The growth judgement, part of the out-of-memory judgement (its failures are 'leak', as an
 * unjustified out of memory is): `GcHeap.grow(bytes)` promises to "grow the heap by at least
 * `bytes`, within the configured maximum. False if it cannot". A non-moving heap (DRC, incremental,
 * null) grows its one bound by `bytes`, rounded up to HEAP_SIZE_ALIGN, so it may refuse only when
 * that bound would pass its maximum: the configured `maxHeapBytes` rounded down to the alignment,
 * at most MAX_HEAP_BYTES (heapMemory.ts; the oracle's own arithmetic on the configured value). A
 * refusal of a bound that fits, the maximum itself included, is a failure; the out-of-memory
 * allowance would excuse it near the maximum (judgeOutOfMemory allows any refusal past half of
 * it), where a store asks for exactly the room left (Store.growWithinSlack). The copying heap
 * (two semi-spaces per bound) is not judged here. The accounting ledger judges the other direction
 * (a growth reported done must raise the bound by `bytes`). Cost: a bound read per `grow` call.
 * Installed by the ops target (opRunner.ts); the wasm target judges refusals with judgeOutOfMemory
 * after each invocation, where a failure thrown from inside a heap call would surface as an
 * engine error instead.
 */
export function installGrowOracle(heap: GcHeap, maxHeapBytes: number | undefined, blame: () => number = () => -1): GrowStats | null {
  if (maxHeapBytes === undefined || !(heap instanceof DrcHeap || heap instanceof IncrementalHeap || heap instanceof NullHeap)) return null;
  const limit = Math.min(MAX_HEAP_BYTES, Math.floor(maxHeapBytes / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN);
  const stats: GrowStats = { judged: 0, failure: null };
  const grow = heap.grow.bind(heap);
  heap.grow = (bytes: number): boolean => {
    const bound = heap.vmctxGcHeapBound();
    const ok = grow(bytes);
    if (ok || stats.failure !== null || !(bytes >= 0) || !Number.isFinite(bytes)) return ok;
    stats.judged++;
    const wanted = Math.ceil((bound + bytes) / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN;
    if (wanted > limit) return ok;
    stats.failure = new OracleFailure('leak', blame(), `grow(${bytes}) from a ${bound}-byte bound to ${wanted} bytes, within the maximum of ${limit}`, 'refused', 'growth judgement');
    throw stats.failure;
  };
  return stats;
}
