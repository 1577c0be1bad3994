import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';
import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { checkDrcAccounting } from '../../oracles/checkDrcAccounting';
import { OracleFailure } from '../../oracles/OracleFailure';
import { registerTestTypes } from '../runtime/testTypes';
import { failureOf } from './failureOf';

/** DRC whose reported counters are passed through `patch` (a heap that misreports its bookkeeping). */
function drcReporting(patch: (c: Record<string, number>) => Record<string, number>): GcRuntime {
  class Misreporting extends DrcHeap {
    protected override collectorCounters(): Record<string, number> {
      return patch(super.collectorCounters());
    }
  }
  const rt: GcRuntime = { name: 'misreporting-drc', reclaims: 'acyclic', moving: false, newGcHeap: (config: GcHeapConfig): GcHeap => new Misreporting(rt, config) };
  return rt;
}

/** Allocate, free (counts reaching zero, children too), collect, reset; `check` after each step. */
function workload(collector: GcRuntime, check: (store: Store, when: string) => void): Store {
  const store = new Store({ collector, initialHeapBytes: 512, maxHeapBytes: 1 << 16 });
  const T = registerTestTypes(store.types);
  const keep = store.root(store.allocStruct(T.node));
  for (let i = 0; i < 30; i++) {
    const a = store.root(store.allocStruct(T.node));
    const b = store.root(store.allocStruct(T.node));
    store.heap.structSet(store.hostData, store.get(a), 1, store.get(b));
    store.drop(b);
    if (i % 3 === 0) store.heap.structSet(store.hostData, store.get(keep), 1, store.get(a));
    store.drop(a);
    if (i % 10 === 9) store.gc();
    check(store, `round ${i}`);
  }
  store.reset();
  check(store, 'after reset');
  store.root(store.allocArray(T.refs, 2));
  check(store, 'after reset and one allocation');
  return store;
}

const judge = (store: Store, when: string): void => {
  const failure = checkDrcAccounting(store.heap, store.heap.stats(), store.heap.vmctxGcHeapBound());
  if (failure !== null) throw new OracleFailure('accounting', 0, failure[0], failure[1], when);
};

test('DRC accounting: a correct DRC heap keeps frees, used bytes, free blocks and the list lengths consistent at every step', () => {
  let frees = 0;
  let freeBlocks = 0;
  workload(drcReporting((c) => c), (store, when) => {
    judge(store, when);
    frees = Math.max(frees, store.heap.stats().counters['frees']!);
    freeBlocks = Math.max(freeBlocks, store.heap.stats().counters['freeBlocks']!);
  });
  assert.ok(frees >= 20 && freeBlocks >= 1, `the workload frees (${frees}) and leaves free blocks (${freeBlocks})`);
});

test('DRC accounting: each misreported counter fails, naming what it expected', () => {
  const cases: [string, (c: Record<string, number>) => Record<string, number>, RegExp][] = [
    ['frees not counted', (c) => ({ ...c, frees: 0 }), /expected frees \d+ \(allocs \d+ less objectCount \d+\), got 0/],
    ['a counter missing', ({ freeBytes: _, ...c }) => c, /DRC counter freeBytes reported, got absent/],
    ['bump pointer off', (c) => ({ ...c, bumpPointer: c['bumpPointer']! + 16 }), /expected usedBytes/],
    ['free blocks without bytes', (c) => ({ ...c, freeBlocks: c['freeBlocks']! + 1 }), /freeBlocks 0 exactly when freeBytes is 0/],
    ['list shorter than after the last collection', (c) => ({ ...c, stackRootsListLengthAfterGc: c['stackRootsListLength']! + 1 }), /stackRootsListLength at least/],
  ];
  for (const [what, patch, message] of cases) {
    const f = failureOf(() => workload(drcReporting(patch), judge));
    assert.equal(f.oracle, 'accounting', what);
    assert.match(f.message, message, what);
  }
});

test('DRC accounting: other heaps are not judged by it', () => {
  for (const name of ['null', 'copying', 'incremental'] as const) {
    const store = new Store({ collector: builtinCollectors[name], initialHeapBytes: 512, maxHeapBytes: 1 << 16 });
    assert.equal(store.heap instanceof DrcHeap, false);
    assert.equal(checkDrcAccounting(store.heap, { usedBytes: -1, capacityBytes: 0, objectCount: 0, collections: 0, counters: {} }, 0), null, 'judged');
  }
});
