import type { GcHeap } from '../src/runtime/gcHeap';
import { DrcHeap, LIST_TRIGGER_FLOOR } from '../src/runtime/collectors/drcHeap';
import { NullHeap } from '../src/runtime/collectors/nullHeap';
import { CopyingHeap } from '../src/runtime/collectors/copyingHeap';
import { IncrementalHeap } from '../src/runtime/collectors/incrementalHeap';
import { OracleFailure } from './OracleFailure';

/** What the stack-roots trigger oracle judged over a heap's life (for tests and benches). */
export interface StackRootsTriggerStats {
  /** `needGcBeforeEnteringWasm` answers judged. */
  judged: number;
  /** Of those, answers the policy forced to be "collect" (the list would pass its trigger). */
  forced: number;
  /** Of those, answers the floor forced to be "no collection". */
  belowFloor: number;
  /** Of those, answers of a heap with no stack-roots list, each forced to be "no collection". */
  noList: number;
  /** The first failure, also thrown from inside the call that showed it (see installFreeListOracle). */
  failure: OracleFailure | null;
}

/**
 * The stack-roots trigger oracle ('stack-roots-trigger'): DRC's entering-Wasm trigger against the
 * policy its sources document, judged on each `needGcBeforeEnteringWasm(n)` answer from the
 * `stats()` counters read just before it (`stackRootsListLength` L, `stackRootsListLengthAfterGc`
 * A) and the floor F the heap was configured with (`GcHeapConfig.stackRootsTriggerFloor`, default
 * `LIST_TRIGGER_FLOOR`, Wasmtime's 1024). The promise, in both directions:
 *  - forced: when the n refs about to enter Wasm would take the list past max(2 × A, F)
 *    (L + n > max(2A, F)) the answer is "collect" (docs/wasmtime-gc-notes.md: "GC is forced when
 *    the list reaches max(2 * length after last GC, 1024)"; without it the list, and every count
 *    it holds, grows without bound, and CVE-2021-39216 was a transition that did not make room
 *    first);
 *  - never below the floor: when L + n < F the answer is "no collection" (drcHeap.ts's
 *    LIST_TRIGGER_FLOOR: "never fires below this list length unless the config lowers it").
 * Between the two (F <= L + n <= max(2A, F)) the answer is the collector's own choice: the
 * sources say "reaches" in one place and fire on "past" in the code, and say nothing of F < L + n
 * <= 2A, so the oracle demands neither (the seed's `need_gc_before_entering_wasm` itself promises
 * nothing: it only asks "whether we should GC first").
 *
 * The null, copying and incremental collectors keep no stack-roots list (Wasm stack roots are
 * found by the stack walk at each collection), so nothing grows with a transition and the trigger
 * is DRC's alone (store.ts: "the DRC stack-roots list on entering Wasm"; Wasmtime's null collector
 * answers a constant no): on those heaps every answer must be "no collection". A yes is a full
 * collection per host call into Wasm that no documented trigger asks for (the host sees it in
 * `gcTriggerCounts.enterWasm`; a copying heap moves every object for it).
 *
 * Hooked on the instance (the store is the only caller); keyed on the class (DrcHeap, or one of
 * the three above), so a variant built on one of them answers to it too. Cost: one `stats()` per entry into Wasm, no walk.
 * The answer depends on two counters kept outside the heap's memory, so a forged ref cannot make
 * a correct heap fail it: it is judged after a run is tainted too. Returns the running stats, or
 * null for a heap this promise does not cover (or that does not report the two counters).
 */
export function installStackRootsTriggerOracle(heap: GcHeap, floor: number | undefined, blame: () => number = () => -1): StackRootsTriggerStats | null {
  if (heap instanceof NullHeap || heap instanceof CopyingHeap || heap instanceof IncrementalHeap) return installNoListTrigger(heap, blame);
  if (!(heap instanceof DrcHeap)) return null;
  const counters = heap.stats().counters;
  if (counters['stackRootsListLength'] === undefined || counters['stackRootsListLengthAfterGc'] === undefined) return null;
  const f = floor ?? LIST_TRIGGER_FLOOR;
  const stats: StackRootsTriggerStats = { judged: 0, forced: 0, belowFloor: 0, noList: 0, failure: null };
  const need = heap.needGcBeforeEnteringWasm.bind(heap);
  heap.needGcBeforeEnteringWasm = (n: number): boolean => {
    const c = heap.stats().counters;
    const l = c['stackRootsListLength']!;
    const a = c['stackRootsListLengthAfterGc']!;
    const answer = need(n);
    if (stats.failure !== null) return answer;
    stats.judged++;
    const trigger = Math.max(2 * a, f);
    const state = (): string => `entering Wasm with ${n} ref(s); stack-roots list length ${l}, ${a} after the last collection, floor ${f}`;
    const fail = (expected: string, actual: string): never => {
      stats.failure = new OracleFailure('stack-roots-trigger', blame(), expected, actual, state());
      throw stats.failure;
    };
    if (l + n > trigger) {
      stats.forced++;
      if (!answer) fail(`a collection first: ${l} + ${n} refs pass max(2 x ${a}, ${f}) = ${trigger}`, `no collection (answer ${String(answer)})`);
    } else if (l + n < f) {
      stats.belowFloor++;
      if (answer) fail(`no collection: ${l} + ${n} refs stay below the floor ${f}`, `a collection (answer ${String(answer)})`);
    }
    return answer;
  };
  return stats;
}

/** The trigger of a heap with no stack-roots list: every answer "no collection". */
function installNoListTrigger(heap: GcHeap, blame: () => number): StackRootsTriggerStats {
  const stats: StackRootsTriggerStats = { judged: 0, forced: 0, belowFloor: 0, noList: 0, failure: null };
  const need = heap.needGcBeforeEnteringWasm.bind(heap);
  heap.needGcBeforeEnteringWasm = (n: number): boolean => {
    const answer = need(n);
    if (stats.failure !== null) return answer;
    stats.judged++;
    stats.noList++;
    if (answer !== false) {
      stats.failure = new OracleFailure('stack-roots-trigger', blame(), 'no collection: this collector keeps no stack-roots list, so entering Wasm never needs one', `a collection (answer ${String(answer)})`, `entering Wasm with ${n} ref(s)`);
      throw stats.failure;
    }
    return answer;
  };
  return stats;
}
