import assert from 'node:assert/strict';
import test from 'node:test';
import { checkStoreCounts, installStoreCountsOracle, storeCountsBase, type StoreCountsBase } from '../../oracles/installStoreCountsOracle';
import { OracleFailure } from '../../oracles/OracleFailure';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { Store, zeroGcTriggerCounts, type GcTriggerCounts } from '../../src/runtime/store';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';

const failsWith = (re: RegExp) => (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'accounting' && /store counts/.test(e.message) && re.test(e.message);

test('store counts: a correct store passes on every collector, through zeal, no-GC scopes, explicit and incremental collections and reset', () => {
  for (const c of Object.values(builtinCollectors)) {
    for (const n of [0, 1, 3]) {
      const s = new Store({ collector: c, initialHeapBytes: 1024, maxHeapBytes: 1 << 16, zeal: { gcEveryNAllocs: n } });
      const check = installStoreCountsOracle(s, n);
      const arr = s.types.register({ kind: 'array', element: { storage: 'i64', mutable: true } });
      const pair = s.types.register({ kind: 'struct', fields: [{ storage: 'i32', mutable: true }] });
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 40; i++) s.allocArray(arr, i % 7);
        s.enterNoGcScope();
        for (let i = 0; i < 5; i++) s.allocStruct(pair);
        s.exitNoGcScope();
        s.allocExternref({});
        s.allocExn(pair);
        s.gc();
        if (s.openIncremental()) s.sliceIncremental(1);
        s.enterWasm(3);
        check(round, `round ${round}`);
        if (round === 1) s.reset();
      }
      check(-1, 'the end');
    }
  }
});

function fakeStore(collections: number, heapCollections: number, triggers: Partial<GcTriggerCounts>, cycles = 0, heapAllocs = 0): Store {
  return { collections, incrementalCycles: cycles, incrementalOpen: false, gcTriggerCounts: { ...zeroGcTriggerCounts(), ...triggers }, heap: { stats: () => ({ collections: heapCollections, counters: { allocs: heapAllocs } }) } } as unknown as Store;
}

test('store counts: each promise fails on its own violation', () => {
  const base = (b: Partial<StoreCountsBase> = {}): StoreCountsBase => ({ ...storeCountsBase(fakeStore(0, 0, {})), ...b });
  const check = (s: Store, b: StoreCountsBase, n = 0): void => checkStoreCounts(s, b, n, 7, 'test');
  check(fakeStore(2, 2, { allocation: 1, explicit: 1 }), base());
  assert.throws(() => check(fakeStore(0, 0, { allocation: 1 }), base({ triggers: { ...zeroGcTriggerCounts(), allocation: 2 } })), failsWith(/allocation trigger count/));
  assert.throws(() => check(fakeStore(0, 0, { dropped: Number.NaN }), base()), failsWith(/dropped trigger count/));
  assert.throws(() => check(fakeStore(1, 2, { explicit: 2 }), base()), failsWith(/Store\.collections to rise by the 2/));
  assert.throws(() => check(fakeStore(2, 2, { explicit: 1 }), base()), failsWith(/at most 1 collections completed or dropped/));
  assert.throws(() => check(fakeStore(1, 1, { explicit: 2, dropped: 2 }), base()), failsWith(/at most 2 collections completed or dropped/));
  check(fakeStore(2, 2, { explicit: 1 }), base({ open: true }));
  assert.throws(() => check(fakeStore(1, 1, { zeal: 1, allocation: 1 }), base()), failsWith(/at least 2 completed/));
  check(fakeStore(1, 1, { gcStep: 1 }, 1), base());
  check(fakeStore(0, 0, {}, 0, 2), base({ returned: 2 }));
  assert.throws(() => check(fakeStore(0, 0, {}, 0, 3), base({ returned: 2 })), failsWith(/one allocation per store allocation that returned an object \(2\)/));
  assert.throws(() => check(fakeStore(1, 1, { gcStep: 1 }, 2), base()), failsWith(/incrementalCycles/));
  assert.throws(() => check(fakeStore(0, 0, {}, -1), base()), failsWith(/incrementalCycles/));
  // gc_zeal every 4: 9 calls allow at most 2 zeal collections; 9 calls outside no-GC scopes need at least 2.
  check(fakeStore(2, 2, { zeal: 2 }), base({ calls: 9, callsOutsideNoGc: 9 }), 4);
  assert.throws(() => check(fakeStore(3, 3, { zeal: 3 }), base({ calls: 9, callsOutsideNoGc: 9 }), 4), failsWith(/between 2 and 2 zeal/));
  assert.throws(() => check(fakeStore(1, 1, { zeal: 1 }), base({ calls: 9, callsOutsideNoGc: 9 }), 4), failsWith(/between 2 and 2 zeal/));
  check(fakeStore(0, 0, {}), base({ calls: 9, callsOutsideNoGc: 3 }), 4);
  assert.throws(() => check(fakeStore(1, 1, { zeal: 1 }), base({ calls: 9, callsOutsideNoGc: 9 }), 0), failsWith(/no zeal collections \(gcEveryNAllocs 0\)/));
});

test('store counts: the installed check sees a zeal that never collects (the skipZealGc seam)', () => {
  const broken = { ...builtinCollectors.drc, name: 'zeal-skipping', storeFaults: { skipZealGc: true } };
  const s = new Store({ collector: broken, zeal: { gcEveryNAllocs: 2 } });
  const check = installStoreCountsOracle(s, 2);
  const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  for (let i = 0; i < 4; i++) s.allocArray(arr, 1);
  assert.throws(() => check(4, 'after 4 allocations'), failsWith(/between 2 and 2 zeal collections/));
});

test('store counts: a failed externref allocation must release its host-data entry', () => {
  const full = (): Store => {
    const s = new Store({ collector: builtinCollectors.null, initialHeapBytes: 1024, maxHeapBytes: 1024 });
    s.enterScope();
    return s;
  };
  const s = full();
  installStoreCountsOracle(s, 0, () => 3);
  assert.throws(() => {
    for (;;) s.root(s.allocExternref({}));
  }, (e: unknown) => e instanceof OutOfMemoryError);
  // A store that keeps the id of the externref it failed to allocate.
  const leaky = full();
  const alloc = leaky.allocExternref.bind(leaky);
  leaky.allocExternref = (v: unknown) => {
    try {
      return alloc(v);
    } catch (e) {
      leaky.hostData.alloc(v);
      throw e;
    }
  };
  installStoreCountsOracle(leaky, 0, () => 3);
  assert.throws(() => {
    for (;;) leaky.root(leaky.allocExternref({}));
  }, (e: unknown) => e instanceof OracleFailure && e.opIndex === 3 && /host-data entries there were before an externref allocation that failed/.test(e.message));
});
