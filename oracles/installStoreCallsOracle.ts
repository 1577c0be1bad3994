import type { GcRef } from '../src/runtime/gcRef';
import type { IncrementalZeal } from '../src/runtime/gcHeap';
import type { Store } from '../src/runtime/store';
import { OracleFailure } from './OracleFailure';
import { watchFullGcSteps } from './watchFullGcSteps';
import { watchHeapSlices } from './watchHeapSlices';
import { watchSlowPath } from './watchSlowPath';

/** What one `Store.enterWasm(n)` call did, as the store-calls oracle saw it. */
export interface EnterWasmCall {
  readonly refs: number;
  /** Whether the call began outside every no-GC scope. */
  readonly outside: boolean;
  /** The heap's `needGcBeforeEnteringWasm` answer during the call, null when the store did not ask. */
  readonly answer: boolean | null;
  /** The store's `enterWasm` trigger count and completed collections when the heap answered, and after the call. */
  readonly triggerBefore: number;
  readonly triggerAfter: number;
  readonly collectionsBefore: number;
  readonly collectionsAfter: number;
}

/**
 * The entering-Wasm half of the stack-roots trigger (`stack-roots-trigger`), on the store's side:
 * the trigger oracle (installStackRootsTriggerOracle.ts) judges the heap's answer, this judges
 * that the store acts on it. Outside a no-GC scope `enterWasm(n)` asks the heap
 * (`needGcBeforeEnteringWasm(n)`, the seed's `Store::enter_wasm`) and, when told to, counts an
 * `enterWasm` trigger and completes a full collection before Wasm runs; without that the DRC
 * stack-roots list, and every count it holds, grows without bound (CVE-2021-39216 was a
 * transition that did not make room first). When the store is told not to, the trigger count
 * stays. O(1).
 */
export function checkEnterWasm(c: EnterWasmCall, opIndex: number): void {
  const fail = (expected: string, actual: string): never => {
    throw new OracleFailure('stack-roots-trigger', opIndex, expected, actual, `the store entering Wasm with ${c.refs} ref(s)`);
  };
  if (!c.outside) return;
  if (c.answer === null) fail('the store to ask the heap whether to collect first (needGcBeforeEnteringWasm), outside a no-GC scope', 'it did not ask');
  const triggers = c.triggerAfter - c.triggerBefore;
  const completed = c.collectionsAfter - c.collectionsBefore;
  if (c.answer === true && (triggers !== 1 || completed < 1)) fail('one enterWasm trigger and a completed collection (the heap answered "collect first")', `${triggers} trigger(s), ${completed} collection(s)`);
  if (c.answer === false && triggers !== 0) fail('no enterWasm trigger (the heap answered "no collection")', `${triggers}`);
}

/** What the incremental zeal did over a run of allocation calls, as the store-calls oracle saw it. */
export interface ZealRun {
  /** The zeal's period (`IncrementalZeal.every`). */
  readonly every: number;
  /** Allocation calls in the run: each began outside every no-GC scope, with no barrier call between two of them. */
  readonly calls: number;
  /** Zeal actions seen before and after the run: collections it opened or dropped (trigger counts) plus the heap's slices. */
  readonly actionsBefore: number;
  readonly actionsAfter: number;
}

/**
 * The incremental zeal's liveness (`accounting`, store calls): the zeal counts allocations and
 * barrier calls alike and, every `every` of them, acts at an allocation outside a no-GC scope:
 * it opens a collection (an `incrementalZeal` trigger), drops the open one (`dropped`) or runs a
 * slice of it (the heap's `slices` counter). So `every` allocation calls in a row, each outside
 * every no-GC scope and with no barrier call between them, hold at least one action whatever the
 * zeal's count was. Without this a zeal that never runs is invisible: its collections are
 * allowed differences. O(1).
 */
export function checkZealRun(r: ZealRun, opIndex: number): void {
  if (r.calls >= r.every && r.actionsAfter <= r.actionsBefore) {
    throw new OracleFailure('accounting', opIndex, `an incremental zeal action (a collection opened, dropped or sliced) within ${r.every} allocations in a row outside no-GC scopes with no barrier between them (incremental zeal every ${r.every})`, `none in ${r.calls}`, 'store calls, incremental zeal');
  }
}

/** What the incremental zeal did in one allocation call, as the store-calls oracle saw it. */
export interface ZealCall {
  /** The zeal's period (`IncrementalZeal.every`). */
  readonly every: number;
  /** No barrier call since the previous allocation call returned: the two calls are consecutive zeal ticks. */
  readonly consecutive: boolean;
  /** Whether the previous allocation call surely ran a zeal action, and whether this one did (a slice, or a collection opened or dropped, with none completed). */
  readonly previousActed: boolean;
  readonly acted: boolean;
  /** Whether the store held an open collection when the call began, and the call's change to the `incrementalZeal` trigger count. */
  readonly openBefore: boolean;
  readonly opened: number;
}

/**
 * The incremental zeal's schedule, from above (`accounting`, store calls): it acts at most once
 * every `every` ticks (allocation and barrier calls alike) and resets its count when it does, so
 * with `every` >= 2 two allocation calls in a row with no barrier call between them never both
 * act; and it opens a collection only when none is open (otherwise it slices or drops that one),
 * at most one per call. An action is known only when the call completed no collection (a slice
 * of the heap, or a collection opened or dropped: inside an allocation call nothing else slices
 * without completing). O(1).
 */
export function checkZealCall(c: ZealCall, opIndex: number): void {
  const fail = (expected: string, actual: string): never => {
    throw new OracleFailure('accounting', opIndex, expected, actual, 'store calls, incremental zeal');
  };
  if (c.every >= 2 && c.consecutive && c.previousActed && c.acted) fail(`at most one incremental zeal action in 2 allocation calls in a row with no barrier between them (incremental zeal every ${c.every})`, 'an action in both');
  if (c.opened > (c.openBefore ? 0 : 1)) fail(`incrementalZeal +${c.openBefore ? 0 : 1} (a collection was ${c.openBefore ? '' : 'not '}open)`, `+${c.opened}`);
}

/** What one `sliceIncremental` or `gcStep` call did, as the store-calls oracle saw it. */
export interface SliceCall {
  readonly call: 'sliceIncremental' | 'gcStep';
  /** Whether the store held an open collection when the call began, and whether it began inside a no-GC scope. */
  readonly openBefore: boolean;
  readonly inNoGc: boolean;
  /** The call's change to the heap's `slices` counter, the store's completed collections and its `incrementalCycles`. */
  readonly slices: number;
  readonly completed: number;
  readonly cycles: number;
  readonly openAfter: boolean;
  /** `gcStep` only: what it returned, and its change to the `gcStep` and `sliced` trigger counts. */
  readonly returned?: boolean;
  readonly stepTriggers?: number;
  readonly sliced?: number;
}

/**
 * One slice per call (`accounting`, store calls), for collectors whose mutator runs between
 * increments: `sliceIncremental(b)` runs exactly one heap slice of the open collection (none when
 * nothing is open), and inside a no-GC scope it only marks: the collection stays open and none
 * completes; `gcStep(b)` runs exactly one heap slice (of the collection it finds or opens). The
 * heap's `slices` counter counts them. A collection either call completes is one
 * `incrementalCycles` more (it ran with the mutator between its slices), and none is counted
 * otherwise. `gcStep` counts a `gcStep` trigger exactly when it opened the collection (none was
 * open), and returns true exactly when its slice completed the collection, leaving none open;
 * false leaves it open and counts `sliced` (the `gc_step` host import's contract: Wasm resumes
 * with marking open). O(1).
 */
export function checkSliceCall(c: SliceCall, opIndex: number): void {
  const fail = (expected: string, actual: string): never => {
    throw new OracleFailure('accounting', opIndex, expected, actual, `store calls, ${c.call}${c.inNoGc ? ' inside a no-GC scope' : ''}`);
  };
  const want = c.call === 'gcStep' || c.openBefore ? 1 : 0;
  if (c.slices !== want) fail(`${want} heap slice(s) (${c.openBefore ? 'a collection was open' : 'none was open'})`, `${c.slices}`);
  if (c.inNoGc && c.call === 'sliceIncremental' && c.openBefore && (c.completed !== 0 || !c.openAfter)) fail('a marking-only slice: the collection still open and none completed', `${c.completed} completed, ${c.openAfter ? 'open' : 'closed'}`);
  if (c.completed > 1 || c.cycles !== c.completed) fail(`incrementalCycles +${Math.min(c.completed, 1)} (at most one collection completed, and it ran with the mutator between slices)`, `${c.completed} completed, incrementalCycles +${c.cycles}`);
  if (c.call !== 'gcStep') return;
  const done = c.completed === 1;
  const state = `returned ${String(c.returned)}, ${c.completed} completed, ${c.openAfter ? 'open' : 'none open'} after, gcStep +${c.stepTriggers ?? 0}, sliced +${c.sliced ?? 0}`;
  if (c.returned !== done || c.openAfter === done || c.sliced !== (done ? 0 : 1)) fail(done ? 'true returned, none open, sliced +0 (the slice completed the collection)' : 'false returned, the collection still open, sliced +1 (the slice did not complete it)', state);
  if (c.stepTriggers !== (c.openBefore ? 0 : 1)) fail(`gcStep +${c.openBefore ? 0 : 1} (a collection was ${c.openBefore ? '' : 'not '}open)`, state);
}

/** What one `openIncremental`, `finishIncremental` or `dropIncremental` call did, as the store-calls oracle saw it. */
export interface IncrementalCall {
  readonly call: 'openIncremental' | 'finishIncremental' | 'dropIncremental';
  /** Whether the store's collector lets its mutator run between increments. */
  readonly concurrent: boolean;
  readonly inNoGc: boolean;
  readonly openBefore: boolean;
  readonly openAfter: boolean;
  /** What the call returned (undefined for `dropIncremental`). */
  readonly returned: boolean | undefined;
  /** The call's change to the store's `explicit` and `dropped` trigger counts, its completed collections and its `incrementalCycles`. */
  readonly explicit: number;
  readonly dropped: number;
  readonly completed: number;
  readonly cycles: number;
}

/**
 * The explicit incremental API (`accounting`, store calls), judged on a call that returned:
 * `openIncremental` and `finishIncremental` are GC points, so inside a no-GC scope they throw
 * (InvariantError) on every collector; outside one, on a collector whose mutator runs between
 * increments, `openIncremental` returns true and leaves a collection open, counting an `explicit`
 * trigger when it opened one (none open before); on the others it returns false and opens
 * nothing; `finishIncremental` returns whether one was open, leaves none open and completes the
 * one it found, one `incrementalCycles` more (the mutator ran between its slices); `dropIncremental` leaves none open and counts `dropped` exactly when it dropped
 * one. O(1).
 */
export function checkIncrementalCall(c: IncrementalCall, opIndex: number): void {
  const fail = (expected: string, actual: string): never => {
    throw new OracleFailure('accounting', opIndex, expected, actual, `store calls, ${c.call}${c.inNoGc ? ' inside a no-GC scope' : ''}`);
  };
  const state = `returned ${String(c.returned)}, ${c.openAfter ? 'open' : 'none open'} after, explicit +${c.explicit}, dropped +${c.dropped}, completed +${c.completed}, incrementalCycles +${c.cycles}`;
  if (c.call !== 'dropIncremental' && c.inNoGc) fail('an InvariantError (a GC point inside a no-GC scope)', state);
  if (c.call === 'openIncremental') {
    const opened = c.concurrent && !c.openBefore ? 1 : 0;
    if (c.returned !== c.concurrent || c.openAfter !== (c.concurrent || c.openBefore) || c.explicit !== opened) fail(`${String(c.concurrent)} returned, ${c.concurrent ? 'a collection open' : 'nothing opened'}, explicit +${opened}`, state);
  } else if (c.call === 'finishIncremental') {
    if (c.returned !== c.openBefore || c.openAfter || c.completed !== (c.openBefore ? 1 : 0) || c.cycles !== c.completed) fail(`${String(c.openBefore)} returned, none open, completed +${c.openBefore ? 1 : 0}, incrementalCycles +${c.openBefore ? 1 : 0}`, state);
  } else if (c.openAfter || c.dropped !== (c.openBefore ? 1 : 0)) fail(`none open, dropped +${c.openBefore ? 1 : 0}`, state);
}

/**
 * Installs the store-calls oracle on `store`, blaming `blame()`: its `enterWasm` and its heap's
 * `needGcBeforeEnteringWasm` are wrapped on the instance (install after any oracle that wraps the
 * latter), and every `enterWasm` call is judged by `checkEnterWasm` as it returns (cost: two
 * counter reads, and a copy of the trigger counts when the heap answers). When the store runs an
 * incremental zeal (`incrementalZeal` as given to its `StoreConfig`, the collector's own when
 * undefined) and its heap reports `slices`, its four allocation methods are wrapped and each run of
 * allocation calls is judged by `checkZealRun` (cost: a `stats()` per allocation call); `reset`
 * (which zeroes the heap's counters) starts a new run. On such collectors `sliceIncremental` and
 * `gcStep` are judged by `checkSliceCall` (cost: two `stats()` per call) and every slice the store
 * hands the heap by `watchHeapSlices`; on the others `gcStep` is judged as a full collection
 * (`watchFullGcSteps`). On every collector `openIncremental`, `finishIncremental` and
 * `dropIncremental` are wrapped and judged by `checkIncrementalCall` (cost: two copies of the
 * trigger counts per call), and each allocation call's slow path by `watchSlowPath`.
 */
export function installStoreCallsOracle(store: Store, incrementalZeal: IncrementalZeal | null | undefined, blame: () => number = () => -1): void {
  const heap = store.heap;
  const need = heap.needGcBeforeEnteringWasm;
  let answer: boolean | null = null;
  let triggerBefore = 0;
  let collectionsBefore = 0;
  heap.needGcBeforeEnteringWasm = (n: number): boolean => {
    triggerBefore = store.gcTriggerCount('enterWasm');
    collectionsBefore = store.collections;
    answer = need.call(heap, n);
    return answer;
  };
  const enter = store.enterWasm;
  store.enterWasm = (n: number): void => {
    answer = null;
    const outside = heap.noGcScopeDepth === 0;
    enter.call(store, n);
    const asked = answer as boolean | null; // set by the wrapper during the call
    const triggerAfter = asked === null ? 0 : store.gcTriggerCount('enterWasm');
    // The call's record is built only when it may have broken a promise (this runs at every pushFrame).
    if (!outside || (asked === false && triggerAfter === triggerBefore)) return;
    if (asked === true && triggerAfter === triggerBefore + 1 && store.collections > collectionsBefore) return;
    checkEnterWasm({ refs: n, outside, answer: asked, triggerBefore: asked === null ? 0 : triggerBefore, triggerAfter, collectionsBefore, collectionsAfter: store.collections }, blame());
  };
  watchIncrementalCalls(store, blame);
  watchSlowPath(store, blame);
  if (store.collector.mutatorRunsBetweenIncrements !== true) watchFullGcSteps(store, blame);
  // The zeal a store given `incrementalZeal` (as in `StoreConfig`) runs: the collector's own when undefined.
  else if (heap.stats().counters['slices'] !== undefined) watchSlices(store, incrementalZeal === undefined ? (store.collector.incrementalZeal ?? null) : incrementalZeal, blame);
}

/** The `openIncremental`, `finishIncremental` and `dropIncremental` wrappers (see `checkIncrementalCall`). */
function watchIncrementalCalls(store: Store, blame: () => number): void {
  const concurrent = store.collector.mutatorRunsBetweenIncrements === true;
  const judge = <T extends boolean | void>(call: IncrementalCall['call'], f: () => T): T => {
    const inNoGc = store.heap.noGcScopeDepth > 0;
    const openBefore = store.incrementalOpen;
    const t0 = store.gcTriggerCounts;
    const c0 = store.collections;
    const y0 = store.incrementalCycles;
    const returned = f();
    const t = store.gcTriggerCounts;
    checkIncrementalCall({ call, concurrent, inNoGc, openBefore, openAfter: store.incrementalOpen, returned: typeof returned === 'boolean' ? returned : undefined, explicit: t.explicit - t0.explicit, dropped: t.dropped - t0.dropped, completed: store.collections - c0, cycles: store.incrementalCycles - y0 }, blame());
    return returned;
  };
  const open = store.openIncremental;
  const finish = store.finishIncremental;
  const drop = store.dropIncremental;
  store.openIncremental = (): boolean => judge('openIncremental', () => open.call(store));
  store.finishIncremental = (): boolean => judge('finishIncremental', () => finish.call(store));
  store.dropIncremental = (): void => judge('dropIncremental', () => drop.call(store));
}

/** The `sliceIncremental` and `gcStep` wrappers of the one-slice-per-call check, and the zeal's and heap slices' watches (see `installStoreCallsOracle`). */
function watchSlices(store: Store, incrementalZeal: IncrementalZeal | null, blame: () => number): void {
  const zeal = incrementalZeal !== null && incrementalZeal.every > 0 ? incrementalZeal : null;
  const heap = store.heap;
  const slices = (): number => heap.stats().counters['slices'] ?? 0;
  const slice = store.sliceIncremental;
  const step = store.gcStep;
  store.sliceIncremental = (budget: number): void => {
    const openBefore = store.incrementalOpen;
    const inNoGc = heap.noGcScopeDepth > 0;
    const s0 = slices();
    const c0 = store.collections;
    const y0 = store.incrementalCycles;
    slice.call(store, budget);
    checkSliceCall({ call: 'sliceIncremental', openBefore, inNoGc, slices: slices() - s0, completed: store.collections - c0, cycles: store.incrementalCycles - y0, openAfter: store.incrementalOpen }, blame());
  };
  store.gcStep = (budget: number): boolean => {
    const openBefore = store.incrementalOpen;
    const s0 = slices();
    const c0 = store.collections;
    const y0 = store.incrementalCycles;
    const t0 = store.gcTriggerCount('gcStep');
    const l0 = store.gcTriggerCount('sliced');
    const done = step.call(store, budget);
    checkSliceCall({
      call: 'gcStep', openBefore, inNoGc: false, slices: slices() - s0, completed: store.collections - c0, cycles: store.incrementalCycles - y0, openAfter: store.incrementalOpen,
      returned: done, stepTriggers: store.gcTriggerCount('gcStep') - t0, sliced: store.gcTriggerCount('sliced') - l0,
    }, blame());
    return done;
  };
  if (zeal !== null) watchZeal(store, zeal.every, blame);
  watchHeapSlices(store, zeal, blame);
}

/** The allocation-call wrappers of the zeal-liveness check (see `installStoreCallsOracle`). */
function watchZeal(store: Store, every: number, blame: () => number): void {
  const heap = store.heap;
  let calls = 0;
  let actionsBefore = 0;
  let barriers = -1;
  const actions = (slices: number): number => store.gcTriggerCount('incrementalZeal') + store.gcTriggerCount('dropped') + slices;
  // The schedule check's state (checkZealCall): the call's starting counts, the previous call's
  // verdict and the barrier count when it returned.
  let previousActed = false;
  let barriersAfter = -1;
  let consecutive = false;
  let openBefore = false;
  let opened0 = 0;
  let actions0 = 0;
  let collections0 = 0;
  // Fixed-arity wrappers (no rest arguments or apply): they sit on every allocation of a case.
  const before = (): void => {
    const c = heap.stats().counters;
    const b = (c['writeGcRef'] ?? 0) + (c['dropGcRef'] ?? 0);
    consecutive = b === barriersAfter;
    openBefore = store.incrementalOpen;
    opened0 = store.gcTriggerCount('incrementalZeal');
    actions0 = actions(c['slices'] ?? 0);
    collections0 = store.collections;
    if (heap.noGcScopeDepth > 0) calls = 0;
    else {
      if (calls === 0 || b !== barriers) {
        calls = 0;
        actionsBefore = actions(c['slices'] ?? 0);
      }
      calls++;
    }
    barriers = b;
  };
  // A call that throws may have thrown from a zeal action it had begun (a slice meeting a forged
  // ref): what the zeal did is unknown, so the run starts again.
  const failed = (e: unknown): never => {
    calls = 0;
    previousActed = false;
    barriersAfter = -1;
    throw e;
  };
  const after = (): void => {
    const c = heap.stats().counters;
    const acted = store.collections === collections0 && actions(c['slices'] ?? 0) > actions0;
    checkZealCall({ every, consecutive, previousActed, acted, openBefore, opened: store.gcTriggerCount('incrementalZeal') - opened0 }, blame());
    previousActed = acted;
    barriersAfter = (c['writeGcRef'] ?? 0) + (c['dropGcRef'] ?? 0);
    if (calls < every) return;
    checkZealRun({ every, calls, actionsBefore, actionsAfter: actions(c['slices'] ?? 0) }, blame());
    calls = 0;
  };
  const struct = store.allocStruct;
  const array = store.allocArray;
  const exn = store.allocExn;
  const extern = store.allocExternref;
  store.allocStruct = (typeIndex: number): GcRef => {
    before();
    let r: GcRef;
    try {
      r = struct.call(store, typeIndex);
    } catch (e) {
      return failed(e);
    }
    after();
    return r;
  };
  store.allocArray = (typeIndex: number, length: number): GcRef => {
    before();
    let r: GcRef;
    try {
      r = array.call(store, typeIndex, length);
    } catch (e) {
      return failed(e);
    }
    after();
    return r;
  };
  store.allocExn = (layoutType: number): GcRef => {
    before();
    let r: GcRef;
    try {
      r = exn.call(store, layoutType);
    } catch (e) {
      return failed(e);
    }
    after();
    return r;
  };
  store.allocExternref = (hostValue: unknown): GcRef => {
    before();
    let r: GcRef;
    try {
      r = extern.call(store, hostValue);
    } catch (e) {
      return failed(e);
    }
    after();
    return r;
  };
  const reset = store.reset;
  store.reset = (): void => {
    reset.call(store);
    calls = 0;
    previousActed = false;
    barriersAfter = -1;
  };
}
