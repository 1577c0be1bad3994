import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { failureOf } from './failureOf';
import { HeapCallLedger } from '../../oracles/heapCallLedger';
import { checkHeapAccounting } from '../../oracles/checkHeapAccounting';
import { registerTestTypes } from '../runtime/testTypes';
import uncountedDropNull from '../brokenCollectors/uncountedDropNull';
import unsizedStartNull from '../brokenCollectors/unsizedStartNull';

const SIZE = { initialBytes: 256, maxBytes: 1 << 16 };

function setup(collector: GcRuntime) {
  const store = new Store({ collector, initialHeapBytes: SIZE.initialBytes, maxHeapBytes: SIZE.maxBytes, incrementalZeal: null });
  const ledger = HeapCallLedger.install(store.heap, store.types, SIZE);
  return { store, ledger, T: registerTestTypes(store.types) };
}

/** Allocation (past the initial size, so the heap grows), barriers, field stores, handles, collections and a reset. */
function workload(store: Store, T: ReturnType<typeof registerTestTypes>, check: (when: string) => void): void {
  const a = store.root(store.allocStruct(T.node));
  check('one struct');
  for (let i = 0; i < 40; i++) {
    const b = store.root(store.allocStruct(T.node));
    store.heap.structSet(store.hostData, store.get(a), 1, store.get(b));
    store.heap.structSet(store.hostData, store.get(a), 0, i);
    const c = store.clone(b);
    store.drop(c);
    if (i % 10 === 0) store.gc();
    check(`round ${i}`);
  }
  const e = store.allocExternref({});
  store.heap.exposeGcRefToWasm(e);
  check('externref exposed');
  store.gc();
  check('after a collection');
  store.reset();
  check('after reset');
  store.root(store.allocArray(T.refs, 3));
  check('array after reset');
}

for (const name of ['null', 'drc', 'copying', 'incremental'] as const) {
  test(`accounting: a correct ${name} heap passes after every step`, () => {
    const { store, ledger, T } = setup(builtinCollectors[name]);
    let checks = 0;
    workload(store, T, (when) => {
      checkHeapAccounting(ledger, checks++, when);
    });
    assert.ok(ledger.heap.vmctxGcHeapBound() > SIZE.initialBytes, 'the workload grew the heap');
  });
}


test('accounting: a counter that misses calls, a collection not counted, a bound changed outside grow each fail', () => {
  const { store, ledger, T } = setup(builtinCollectors.null);
  store.root(store.allocStruct(T.node));
  ledger.calls.allocs++; // the ledger saw one allocation more than the heap counted
  let f = failureOf(() => checkHeapAccounting(ledger, 3, 'test'));
  assert.equal(f.oracle, 'accounting');
  assert.equal(f.opIndex, 3);
  assert.match(f.message, /counter allocs/);
  ledger.calls.allocs--; // a failed check leaves the ledger as it was
  ledger.completedCollections++;
  f = failureOf(() => checkHeapAccounting(ledger, 4, 'test'));
  assert.match(f.message, /collections to rise by the 1 completed/);
  ledger.completedCollections--;
  ledger.bound += 16;
  f = failureOf(() => checkHeapAccounting(ledger, 5, 'test'));
  assert.match(f.message, /changes only through grow/);
});

test('accounting: the null heap promises its used bytes and object count exactly', () => {
  const { store, ledger, T } = setup(builtinCollectors.null);
  store.root(store.allocStruct(T.node));
  checkHeapAccounting(ledger, 0, 'test');
  ledger.allocatedBytes! += 8;
  // No heap call since the last check: the oracle skips (nothing can have moved) until one is made.
  checkHeapAccounting(ledger, 1, 'test');
  store.heap.enterNoGcScope();
  store.heap.exitNoGcScope();
  assert.equal(ledger.quiet, true, 'no-GC scopes are not wrapped calls');
  store.heap.dropGcRef(store.hostData, 0);
  assert.equal(ledger.quiet, false);
  assert.match(failureOf(() => checkHeapAccounting(ledger, 1, 'test')).message, /usedBytes/);
  ledger.allocatedBytes! -= 8;
  ledger.allocatedObjects++;
  ledger.quiet = false;
  assert.match(failureOf(() => checkHeapAccounting(ledger, 1, 'test')).message, /objectCount/);
});

test('accounting: a call that threw may or may not have been counted', () => {
  const { store, ledger } = setup(builtinCollectors.drc);
  assert.throws(() => store.heap.cloneGcRef(0x10000)); // a forged ref: DRC counts the call, then rejects it
  assert.equal(ledger.threw.cloneGcRef, 1);
  checkHeapAccounting(ledger, 0, 'test');
});

test('accounting: the broken collectors fail it (uncounted drop; a heap that ignores its initial size)', () => {
  const a = setup(uncountedDropNull);
  const e = a.store.root(a.store.allocExternref({}));
  a.store.drop(e);
  assert.match(failureOf(() => checkHeapAccounting(a.ledger, 0, 'test')).message, /counter dropGcRef to rise by the 1 calls made/);
  const b = setup(unsizedStartNull);
  assert.match(failureOf(() => checkHeapAccounting(b.ledger, 0, 'test')).message, /started with bound 64, configured with 256/);
});

test('accounting: a growth that reports success without growing fails', () => {
  const { store, ledger } = setup(builtinCollectors.null);
  const heap = store.heap as unknown as { grow(bytes: number): boolean };
  // Below the ledger: the heap's own grow answers true but leaves the bound as it was.
  const proto = NullHeap.prototype as unknown as { grow(bytes: number): boolean };
  const real = proto.grow;
  proto.grow = () => true;
  try {
    const fresh = setup(builtinCollectors.null);
    assert.equal((fresh.store.heap as unknown as typeof heap).grow(64), true);
    assert.match(failureOf(() => checkHeapAccounting(fresh.ledger, 0, 'test')).message, /grow\(64\) reported success but the bound went 256 -> 256/);
  } finally {
    proto.grow = real;
  }
  assert.equal(heap.grow(64), true);
  checkHeapAccounting(ledger, 0, 'test');
});
