import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { drcCollector } from '../../../src/runtime/collectors/drcCollector';
import type { DrcHeap } from '../../../src/runtime/collectors/drcHeap';
import { Store } from '../../../src/runtime/store';
import { refI31 } from '../../../src/runtime/gcRef';
import { InvariantError } from '../../../src/errors/InvariantError';
import { SandboxError } from '../../../src/errors/SandboxError';
import { registerTestTypes } from '../testTypes';

function setup(extra: Partial<ConstructorParameters<typeof Store>[0]> = {}) {
  const store = new Store({ collector: drcCollector, ...extra });
  const heap = store.heap as DrcHeap;
  return { store, heap, T: registerTestTypes(store.types), hd: store.hostData };
}

describe('DRC collector', () => {
  test('unreachable cycles are never collected; acyclic garbage hanging off them is kept too', () => {
    const { store, heap, T, hd } = setup();
    const a = store.root(store.allocStruct(T.node));
    const b = store.root(store.allocStruct(T.node));
    const x = store.root(store.allocExternref('held by the cycle'));
    heap.structSet(hd, store.get(a), 1, store.get(b));
    heap.structSet(hd, store.get(b), 1, store.get(a));
    heap.structSet(hd, store.get(b), 2, store.get(x));
    store.drop(x);
    store.drop(b);
    store.drop(a);
    store.gc();
    assert.equal(heap.stats().objectCount, 3);
    assert.equal(hd.size, 1);
    heap.verifyIntegrity();
  });

  test('exposing an already-listed object drops the surplus count (#13037)', () => {
    const { store, heap, hd } = setup();
    const r = store.allocExternref('e');
    assert.equal(heap.refCount(r), 1);
    heap.exposeGcRefToWasm(r);
    assert.equal(heap.isListed(r), true);
    assert.equal(heap.refCount(r), 1, 'the owned count moved into the list');
    heap.exposeGcRefToWasm(heap.cloneGcRef(r));
    assert.equal(heap.refCount(r), 1, 'second exposure must not leak a count');
    store.gc(); // no Wasm frames: the list entry is swept and the object freed
    assert.equal(heap.stats().objectCount, 0);
    assert.equal(hd.size, 0);
  });

  test('readBarrierToWasm lists once; a collection keeps objects on Wasm frames and frees the rest', () => {
    const { store, heap, T } = setup({ zeal: { checks: true, poison: true } });
    const frame = [0];
    store.addRootProvider((roots) => roots.addWasmStackRoot(frame, 0));
    const h = store.root(store.allocStruct(T.node));
    const r = store.get(h);
    heap.readBarrierToWasm(r);
    heap.readBarrierToWasm(r);
    assert.equal(heap.refCount(r), 2, 'handle + one list entry');
    frame[0] = r;
    store.drop(h);
    store.gc();
    assert.equal(heap.refCount(r), 1);
    assert.equal(heap.isListed(r), true, 'still on a Wasm frame: stays listed');
    frame[0] = 0;
    store.gc();
    assert.equal(heap.stats().objectCount, 0);
    assert.throws(() => heap.refCount(r), SandboxError);
  });

  test('a Wasm stack root that never passed a read barrier is reported under checks', () => {
    const { store, heap, T } = setup({ zeal: { checks: true } });
    const h = store.root(store.allocStruct(T.node));
    const frame = [store.get(h)];
    store.addRootProvider((roots) => roots.addWasmStackRoot(frame, 0));
    assert.throws(() => store.gc(), InvariantError);
    heap.verifyIntegrity();
  });

  test('needGcBeforeEnteringWasm fires past max(2 * length after last GC, 1024)', () => {
    const { store, heap, T } = setup();
    const frame: number[] = [];
    store.addRootProvider((roots) => {
      for (let i = 0; i < frame.length; i++) roots.addWasmStackRoot(frame, i);
    });
    for (let i = 0; i < 1024; i++) {
      const r = store.allocStruct(T.node);
      heap.exposeGcRefToWasm(r);
      frame.push(r);
    }
    assert.equal(heap.needGcBeforeEnteringWasm(1), true);
    assert.equal(heap.needGcBeforeEnteringWasm(0), false);
    store.enterWasm(1);
    assert.equal(store.collections, 1);
    assert.equal(heap.stats().counters['stackRootsListLengthAfterGc'], 1024);
    assert.equal(heap.needGcBeforeEnteringWasm(1024), false, 'threshold is now 2048');
    assert.equal(heap.needGcBeforeEnteringWasm(1025), true);
    frame.length = 0;
    store.gc();
    assert.equal(heap.stats().objectCount, 0);
  });

  test('i31 refs are never counted (#10171, #13307)', () => {
    const { store, heap, T, hd } = setup({ zeal: { checks: true } });
    const h = store.root(store.allocStruct(T.node));
    const i = refI31(-1);
    assert.equal(heap.cloneGcRef(i), i);
    heap.dropGcRef(hd, i);
    heap.exposeGcRefToWasm(i);
    heap.readBarrierToWasm(i);
    heap.structSet(hd, store.get(h), 1, i);
    heap.structSet(hd, store.get(h), 1, refI31(3));
    heap.structSet(hd, store.get(h), 1, 0);
    const slots = [i];
    heap.writeGcRef(hd, slots, 0, refI31(1));
    assert.equal(heap.refCount(store.get(h)), 1);
    heap.verifyIntegrity();
  });

  test('the write barrier counts the new value before releasing the old one', () => {
    const { store, heap, T, hd } = setup({ zeal: { poison: true } });
    const x = store.root(store.allocStruct(T.node));
    const y = store.allocStruct(T.node);
    heap.structSet(hd, store.get(x), 1, y);
    heap.dropGcRef(hd, y); // y's only count is x.f
    heap.structSet(hd, store.get(x), 1, heap.structGet(store.get(x), 1)); // x.f = x.f
    assert.equal(heap.refCount(y), 1, 'y survived a self-assignment');
    const slots = [heap.cloneGcRef(y)];
    heap.writeGcRef(hd, slots, 0, slots[0]!);
    assert.equal(heap.refCount(y), 2);
  });

  test('freeing a long chain decrements children iteratively (#9701), no recursion', () => {
    const { store, heap, T, hd } = setup({ maxHeapBytes: 32 << 20 });
    const head = store.root(store.allocStruct(T.node));
    const prev = store.clone(head);
    for (let i = 0; i < 100_000; i++) {
      const n = store.allocStruct(T.node);
      heap.structSet(hd, store.get(prev), 1, n);
      store.set(prev, n);
      heap.dropGcRef(hd, n);
    }
    store.drop(prev);
    assert.equal(heap.stats().objectCount, 100_001);
    store.drop(head);
    assert.equal(heap.stats().objectCount, 0);
    assert.equal(heap.stats().usedBytes, 0);
    assert.equal(heap.stats().counters['bumpPointer'], 16, 'every block coalesced back into the bump region');
  });

  test('free list: best fit reuses blocks, neighbours coalesce, the bump pointer retreats', () => {
    const { store, heap, T } = setup({ zeal: { checks: true, poison: true } });
    const hs = [0, 1, 2, 3].map(() => store.root(store.allocStruct(T.node), true));
    const refs = hs.map((h) => store.get(h));
    const big = store.root(store.allocArray(T.bytes, 100), true);
    store.drop(hs[1]!);
    assert.equal(heap.stats().counters['freeBlocks'], 1);
    const again = store.root(store.allocStruct(T.node), true);
    assert.equal(store.get(again), refs[1], 'best fit takes the freed block');
    store.drop(again);
    store.drop(hs[0]!);
    store.drop(hs[2]!);
    assert.equal(heap.stats().counters['freeBlocks'], 1, 'three neighbours coalesced into one block');
    store.drop(hs[3]!);
    store.drop(big);
    assert.equal(heap.stats().counters['freeBlocks'], 0);
    assert.equal(heap.stats().counters['bumpPointer'], 16);
    heap.verifyIntegrity();
  });
});
