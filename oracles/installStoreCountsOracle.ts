import type { GcRef } from '../src/runtime/gcRef';
import type { GcTriggerCounts, Store } from '../src/runtime/store';
import { OracleFailure } from './OracleFailure';

/** The triggers that open a collection (`sliced` and `dropped` count what happened to one). */
const STARTS = ['allocation', 'zeal', 'enterWasm', 'incrementalZeal', 'gcStep', 'explicit'] as const;
const ALL = [...STARTS, 'sliced', 'dropped'] as const;

/** A store's counts at the start of a window (the store's creation or its last `reset`). */
export interface StoreCountsBase {
  readonly storeCollections: number;
  readonly heapCollections: number;
  /** The heap's `allocs` counter. */
  readonly heapAllocs: number;
  readonly incrementalCycles: number;
  readonly triggers: GcTriggerCounts;
  /** Whether a store-driven incremental collection was open (it may complete with no new trigger). */
  readonly open: boolean;
  /** Allocation calls made on the store since the window began, and those that returned while outside every no-GC scope. */
  calls: number;
  callsOutsideNoGc: number;
  /** Allocation calls that returned an object. */
  returned: number;
}

/** A window starting now. */
export function storeCountsBase(store: Store): StoreCountsBase {
  const s = store.heap.stats();
  return { storeCollections: store.collections, heapCollections: s.collections, heapAllocs: s.counters['allocs'] ?? 0, incrementalCycles: store.incrementalCycles, triggers: store.gcTriggerCounts, open: store.incrementalOpen, calls: 0, callsOutsideNoGc: 0, returned: 0 };
}

/**
 * The store-counts oracle, part of `accounting`: the store's own bookkeeping against its heap's,
 * over a window with no `reset` (`base`), O(1) (a `stats()` and a copy of eight counts):
 *  - every trigger count (`GcTriggerCounts`) is an integer that never falls;
 *  - the heap's `allocs` counter rose by one per store allocation that returned an object (none
 *    for one that failed: the store's retries never keep an object they did not return);
 *  - `Store.collections` rose by exactly the collections the heap completed, and
 *    `incrementalCycles` by at most that;
 *  - no more collections completed or dropped than the triggers opened (plus one already open at `base`),
 *    and at least one for each allocation, zeal and entering-Wasm trigger (each runs a full
 *    collection; a trigger whose collection threw ended the run in a finding);
 *  - with `gcEveryNAllocs` 0 the zeal never collected; with N > 0 (gc_zeal), at most once per N allocation
 *    calls, and at least once per N calls that returned outside a no-GC scope, less N - 1: its
 *    count is reset only when it collects, and a call outside a no-GC scope that finds it at N
 *    collects (`Store.allocate`). A zeal that forgets to collect is otherwise invisible, since when
 *    collections happen is an allowed difference (allowedDifferences.ts item 3).
 */
export function checkStoreCounts(store: Store, base: StoreCountsBase, gcEveryNAllocs: number, opIndex: number, when: string): void {
  const fail = (expected: string, actual: string): never => {
    throw new OracleFailure('accounting', opIndex, expected, actual, `store counts, ${when}`);
  };
  const t = store.gcTriggerCounts;
  for (const k of ALL) {
    if (!Number.isInteger(t[k]) || t[k] < base.triggers[k]) fail(`the ${k} trigger count to stay an integer >= ${base.triggers[k]}`, `${t[k]}`);
  }
  const s = store.heap.stats();
  const allocs = (s.counters['allocs'] ?? 0) - base.heapAllocs;
  if (allocs !== base.returned) fail(`the heap to count one allocation per store allocation that returned an object (${base.returned})`, `${allocs}`);
  const completed = store.collections - base.storeCollections;
  const heapCompleted = s.collections - base.heapCollections;
  if (completed !== heapCompleted) fail(`Store.collections to rise by the ${heapCompleted} collections the heap completed`, `${completed}`);
  let started = base.open ? 1 : 0;
  for (const k of STARTS) started += t[k] - base.triggers[k];
  const dropped = t.dropped - base.triggers.dropped;
  if (completed + dropped > started) fail(`at most ${started} collections completed or dropped (the triggers' starts; each ends at most once)`, `${completed} completed, ${dropped} dropped`);
  const full = t.allocation - base.triggers.allocation + t.zeal - base.triggers.zeal + t.enterWasm - base.triggers.enterWasm;
  const cycles = store.incrementalCycles - base.incrementalCycles;
  if (!Number.isInteger(cycles) || cycles < 0 || cycles > completed) fail(`between 0 and the ${completed} completed collections finished by gcStep, the incremental zeal or an explicit incremental collection (incrementalCycles)`, `${cycles}`);
  if (completed < full) fail(`at least ${full} completed collections (each allocation, zeal and entering-Wasm trigger runs a full one)`, `${completed}`);
  const zeal = t.zeal - base.triggers.zeal;
  if (gcEveryNAllocs === 0 && zeal !== 0) fail('no zeal collections (gcEveryNAllocs 0)', `${zeal}`);
  if (gcEveryNAllocs > 0) {
    const most = Math.floor(base.calls / gcEveryNAllocs);
    const least = Math.ceil((base.callsOutsideNoGc - (gcEveryNAllocs - 1)) / gcEveryNAllocs);
    if (zeal > most || zeal < least) fail(`between ${Math.max(0, least)} and ${most} zeal collections (every ${gcEveryNAllocs} of ${base.calls} allocation calls, ${base.callsOutsideNoGc} returned outside no-GC scopes)`, `${zeal}`);
  }
}

/**
 * Installs the store-counts oracle on `store` (its four allocation methods count calls; `reset`
 * starts a new window, since it empties the heap's counts but not the store's) and returns the
 * check, to run where the accounting oracle runs: `check(opIndex, when)`. At the call, an
 * `allocExternref` that throws must leave no more host-data entries than it found (its id is
 * released again; a collection during the call may release others): failing there, `blame` names
 * the op.
 */
export function installStoreCountsOracle(store: Store, gcEveryNAllocs: number, blame: () => number = () => -1): (opIndex: number, when: string) => void {
  let base = storeCountsBase(store);
  // Fixed-arity wrappers (no rest arguments or apply): they sit on every allocation of every case.
  const before = (): boolean => {
    base.calls++;
    return store.heap.noGcScopeDepth === 0;
  };
  const after = (outside: boolean): void => {
    if (outside) base.callsOutsideNoGc++;
    base.returned++;
  };
  const struct = store.allocStruct;
  const array = store.allocArray;
  const exn = store.allocExn;
  const extern = store.allocExternref;
  store.allocStruct = (typeIndex: number): GcRef => {
    const outside = before();
    const r = struct.call(store, typeIndex);
    after(outside);
    return r;
  };
  store.allocArray = (typeIndex: number, length: number): GcRef => {
    const outside = before();
    const r = array.call(store, typeIndex, length);
    after(outside);
    return r;
  };
  store.allocExn = (layoutType: number): GcRef => {
    const outside = before();
    const r = exn.call(store, layoutType);
    after(outside);
    return r;
  };
  const allocExternref = (hostValue: unknown): GcRef => {
    const outside = before();
    const r = extern.call(store, hostValue);
    after(outside);
    return r;
  };
  store.allocExternref = (hostValue: unknown): GcRef => {
    const entries = store.hostData.size;
    try {
      return allocExternref(hostValue);
    } catch (e) {
      if (store.hostData.size > entries) throw new OracleFailure('accounting', blame(), `at most the ${entries} host-data entries there were before an externref allocation that failed`, `${store.hostData.size} (${e instanceof Error ? e.message : String(e)})`, 'store counts, failed allocation');
      throw e;
    }
  };
  const reset = store.reset;
  store.reset = (): void => {
    reset.call(store);
    base = storeCountsBase(store);
  };
  return (opIndex, when) => checkStoreCounts(store, base, gcEveryNAllocs, opIndex, when);
}
