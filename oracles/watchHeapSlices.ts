import type { GarbageCollection, GcProgress, IncrementalZeal } from '../src/runtime/gcHeap';
import type { GcRef } from '../src/runtime/gcRef';
import type { GcRootsList } from '../src/runtime/gcRootsList';
import type { ExternRefHostDataTable } from '../src/runtime/externRefHostDataTable';
import type { Store } from '../src/runtime/store';
import { OracleFailure } from './OracleFailure';

/**
 * Every budgeted slice the store hands its heap (`accounting`, store calls), for collectors whose
 * mutator runs between increments. The host's slices: `sliceIncremental(b)` on an open collection
 * hands the heap exactly one slice of b, marking only (`markSlice`) inside a no-GC scope (the
 * caller may hold raw refs) and one that may complete the collection (`collectIncrement`)
 * outside; `gcStep(b)` exactly one `collectIncrement` of b. The incremental zeal's (`zeal`; with
 * none the store slices only for the host), against its documented rule (Store.zealTick): each
 * zeal action on an open collection draws the next number r of a xorshift32 (x ^= x << 13,
 * x ^= x >>> 17, x ^= x << 5) seeded with `seed >>> 0 || 1`, and then either marks (a barrier
 * call, or an allocation inside a no-GC scope), drops the collection ((r >>> 8) % 8 is 0, at an
 * allocation outside no-GC scopes) or runs one slice that may complete it (otherwise), each slice
 * with a budget of 1 + r % maxBudget objects. Opening a collection draws nothing. The oracle keeps
 * its own xorshift and judges every zeal slice (a budgeted slice of a store collection outside the
 * host's slicing calls: the two above and the collections `startGc` hands out) and every zeal drop
 * (the `dropped` count rising in an allocation call) as it happens: kind and budget. A missed,
 * extra or misplaced action puts the draws out of step, which the next action shows. Wraps the
 * heap's `gc` and the store's four allocation methods, `sliceIncremental`, `gcStep` and `startGc`
 * on the instance. O(1) per call.
 */
export function watchHeapSlices(store: Store, zeal: IncrementalZeal | null, blame: () => number): void {
  const heap = store.heap;
  let x = zeal === null ? 1 : zeal.seed >>> 0 || 1;
  let draws = 0;
  /** Inside a host's own slicing call: its slices are not the zeal's. */
  let hostSlicing = 0;
  /** The slice the current `sliceIncremental` or `gcStep` call must hand the heap, and how many it did. */
  let expect: { call: string; kind: 'mark' | 'slice'; budget: number; seen: number } | null = null;
  let inAlloc = false;
  let allocCanFinish = false;
  let allocActed = false;
  const fail = (expected: string, actual: string): never => {
    throw new OracleFailure('accounting', blame(), expected, actual, zeal === null ? 'store calls, no incremental zeal' : `store calls, incremental zeal draw ${draws} (seed ${zeal.seed}, maxBudget ${zeal.maxBudget})`);
  };
  /** The next draw: the budget and whether a zeal action at a GC point drops the collection. */
  const draw = (): { budget: number; drops: boolean } => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    draws++;
    return { budget: 1 + (x % zeal!.maxBudget), drops: (x >>> 8) % 8 === 0 };
  };
  const action = (kind: 'mark' | 'slice', budget: number): void => {
    if (expect !== null) {
      expect.seen++;
      if (kind !== expect.kind || budget !== expect.budget) {
        throw new OracleFailure('accounting', blame(), `a ${expect.kind} of ${expect.budget}`, `a ${kind} of ${budget}`, `store calls, ${expect.call}${expect.kind === 'mark' ? ' inside a no-GC scope' : ''}`);
      }
    }
    if (hostSlicing > 0) return;
    if (zeal === null) fail('no slice but the host\'s', `a ${kind} of ${budget}`);
    const at = inAlloc ? (allocCanFinish ? 'an allocation outside no-GC scopes' : 'an allocation inside a no-GC scope') : 'a barrier call';
    if (inAlloc) {
      if (allocActed) fail('at most one zeal action per allocation call', `a second (${kind} of ${budget})`);
      allocActed = true;
    }
    const d = draw();
    const want = inAlloc && allocCanFinish ? (d.drops ? 'drop' : 'slice') : 'mark';
    if (kind !== want || budget !== d.budget) fail(`${want === 'drop' ? 'a drop' : `a ${want} of ${d.budget}`} at ${at}`, `a ${kind} of ${budget}`);
  };
  const gc = heap.gc;
  heap.gc = (roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection => {
    const inner = gc.call(heap, roots, hostData);
    const watched: { -readonly [K in keyof GarbageCollection]: GarbageCollection[K] } = {
      collectIncrement: (budget?: number): GcProgress => {
        if (budget !== undefined) action('slice', budget);
        return inner.collectIncrement(budget);
      },
      collect: (): void => inner.collect(),
    };
    if (inner.markSlice !== undefined) {
      watched.markSlice = (budget: number): void => {
        action('mark', budget);
        inner.markSlice!(budget);
      };
    }
    return watched;
  };
  const hosts = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): R => {
    hostSlicing++;
    try {
      return f(...a);
    } finally {
      hostSlicing--;
    }
  };
  const slice = store.sliceIncremental;
  const step = store.gcStep;
  const start = store.startGc;
  /** `f` as a host slicing call that must hand the heap one `kind` slice of `budget` when a collection is (or is then) open. */
  const expecting = <R>(call: string, kind: 'mark' | 'slice', budget: number, f: () => R): R => {
    const e = { call, kind, budget, seen: 0 };
    expect = e;
    let r: R;
    try {
      r = hosts(f)();
    } finally {
      expect = null;
    }
    if (e.seen !== 1) throw new OracleFailure('accounting', blame(), `one ${kind} of ${budget}`, `${e.seen} slices`, `store calls, ${call}`);
    return r;
  };
  store.sliceIncremental = (budget: number): void => {
    if (!store.incrementalOpen) return hosts(() => slice.call(store, budget))();
    expecting('sliceIncremental', heap.noGcScopeDepth > 0 ? 'mark' : 'slice', budget, () => slice.call(store, budget));
  };
  store.gcStep = (budget: number): boolean => (heap.noGcScopeDepth > 0 ? hosts(() => step.call(store, budget))() : expecting('gcStep', 'slice', budget, () => step.call(store, budget)));
  store.startGc = (): GarbageCollection => {
    const g = hosts(() => start.call(store))();
    const watched: { -readonly [K in keyof GarbageCollection]: GarbageCollection[K] } = {
      collectIncrement: hosts((budget?: number): GcProgress => g.collectIncrement(budget)),
      collect: hosts((): void => g.collect()),
    };
    if (g.markSlice !== undefined) watched.markSlice = hosts((budget: number): void => g.markSlice!(budget));
    return watched;
  };
  // Fixed-arity wrappers: they sit on every allocation of a case.
  let dropped0 = 0;
  const before = (): void => {
    inAlloc = true;
    allocCanFinish = heap.noGcScopeDepth === 0;
    allocActed = false;
    dropped0 = store.gcTriggerCount('dropped');
  };
  const after = (): void => {
    inAlloc = false;
    if (store.gcTriggerCount('dropped') === dropped0) return;
    const at = allocCanFinish ? 'an allocation outside no-GC scopes' : 'an allocation inside a no-GC scope';
    if (zeal === null) fail('no drop but the host\'s', 'a drop at an allocation');
    if (allocActed) fail('at most one zeal action per allocation call', 'a slice and a drop');
    const d = draw();
    if (!allocCanFinish || !d.drops) fail(`${allocCanFinish ? `a slice of ${d.budget}` : `a mark of ${d.budget}`} at ${at}`, 'a drop');
  };
  const struct = store.allocStruct;
  const array = store.allocArray;
  const exn = store.allocExn;
  const extern = store.allocExternref;
  store.allocStruct = (typeIndex: number): GcRef => {
    before();
    try {
      return struct.call(store, typeIndex);
    } finally {
      after();
    }
  };
  store.allocArray = (typeIndex: number, length: number): GcRef => {
    before();
    try {
      return array.call(store, typeIndex, length);
    } finally {
      after();
    }
  };
  store.allocExn = (layoutType: number): GcRef => {
    before();
    try {
      return exn.call(store, layoutType);
    } finally {
      after();
    }
  };
  store.allocExternref = (hostValue: unknown): GcRef => {
    before();
    try {
      return extern.call(store, hostValue);
    } finally {
      after();
    }
  };
}
