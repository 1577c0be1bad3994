import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import type { DrcHeap } from '../../src/runtime/collectors/drcHeap';
import type { FreeList } from '../../src/runtime/freeList';
import { Store } from '../../src/runtime/store';
import { InvariantError } from '../../src/errors/InvariantError';
import { registerTestTypes } from './testTypes';

const isCheck = (check: string) => (e: unknown) => e instanceof InvariantError && e.check === check;

describe('gc zeal', () => {
  test('DRC: a write into freed memory is caught when the block is reused', () => {
    const store = new Store({ collector: builtinCollectors.drc, zeal: { poison: true } });
    const T = registerTestTypes(store.types);
    const keep = store.root(store.allocStruct(T.node));
    const r = store.allocStruct(T.node);
    store.root(store.allocStruct(T.node)); // keeps r's block away from the bump region
    store.heap.dropGcRef(store.hostData, r);
    new Uint8Array(store.heap.vmctxGcHeapBase())[r + 30] = 0x42; // use after free
    assert.throws(() => store.allocStruct(T.node), isCheck('poison'));
    assert.notEqual(store.get(keep), 0);
  });

  test('every collector: a write into unallocated memory is caught when it is allocated', () => {
    for (const c of Object.values(builtinCollectors)) {
      const store = new Store({ collector: c, zeal: { poison: true } });
      const T = registerTestTypes(store.types);
      const r = store.allocStruct(T.node);
      new Uint8Array(store.heap.vmctxGcHeapBase())[r + 100] = 0;
      assert.throws(() => {
        for (let i = 0; i < 10; i++) store.allocStruct(T.node);
      }, isCheck('poison'), c.name);
    }
  });

  test('copying: a write into the evacuated from-space is caught when it becomes to-space', () => {
    const store = new Store({ collector: builtinCollectors.copying, zeal: { poison: true } });
    const T = registerTestTypes(store.types);
    const h = store.root(store.allocStruct(T.node));
    const old = store.get(h);
    store.gc();
    new Uint8Array(store.heap.vmctxGcHeapBase())[old + 4] = 1;
    assert.throws(() => store.gc(), isCheck('poison'));
    // The failed collection was rolled back: objects still read back; the corruption stays reported.
    assert.equal(store.heap.structGet(store.get(h), 0), 0);
    assert.throws(() => store.heap.verifyIntegrity(), isCheck('poison'));
  });

  test('integrity checks catch a corrupted free list', () => {
    const store = new Store({ collector: builtinCollectors.drc, zeal: { checks: true } });
    const T = registerTestTypes(store.types);
    const hs = [0, 1, 2, 3].map(() => store.root(store.allocStruct(T.node), true));
    store.drop(hs[1]!);
    store.heap.verifyIntegrity();
    const fl = (store.heap as unknown as { freeList: FreeList }).freeList as unknown as { add(s: number, n: number): void };
    fl.add(store.get(hs[2]!), 48); // a live object's block claimed free, adjacent to the real free block
    assert.throws(() => store.heap.verifyIntegrity(), isCheck('free list'));
    assert.throws(() => store.allocStruct(T.node), isCheck('free list'), 'checked at every allocation');
  });

  test('integrity checks catch a corrupted over-approximated stack-roots list', () => {
    const store = new Store({ collector: builtinCollectors.drc, zeal: { checks: true } });
    const T = registerTestTypes(store.types);
    const heap = store.heap as DrcHeap;
    const r = store.allocStruct(T.node);
    heap.exposeGcRefToWasm(r);
    heap.verifyIntegrity();
    const words = new Uint32Array(heap.vmctxGcHeapBase());
    words[r >>> 2] = words[r >>> 2]! & ~1; // clear the listed bit
    assert.throws(() => heap.verifyIntegrity(), isCheck('stack-roots list'));
    words[r >>> 2] = words[r >>> 2]! | 1;
    words[(r + 8) >>> 2] = 0; // count 0 on a listed object
    assert.throws(() => heap.verifyIntegrity(), InvariantError);
    words[(r + 8) >>> 2] = 1;
    words[(r + 16) >>> 2] = r; // the list now loops back on itself
    assert.throws(() => heap.verifyIntegrity(), isCheck('stack-roots list'));
    assert.throws(() => store.gc(), InvariantError);
  });

  test('integrity checks catch a dangling field and a corrupt externref list', () => {
    const drc = new Store({ collector: builtinCollectors.drc, zeal: { checks: true } });
    const T = registerTestTypes(drc.types);
    const a = drc.root(drc.allocStruct(T.node));
    const b = drc.allocStruct(T.node);
    drc.heap.structSet(drc.hostData, drc.get(a), 1, b);
    drc.heap.dropGcRef(drc.hostData, b);
    drc.heap.verifyIntegrity();
    new Uint32Array(drc.heap.vmctxGcHeapBase())[b >>> 2] = 0xfc000000; // b looks freed while a's field still points at it
    assert.throws(() => drc.heap.verifyIntegrity(), InvariantError);

    const cp = new Store({ collector: builtinCollectors.copying, zeal: { checks: true } });
    const T2 = registerTestTypes(cp.types);
    const e1 = cp.root(cp.allocExternref(1));
    cp.root(cp.allocExternref(2));
    cp.root(cp.allocStruct(T2.node));
    new Uint32Array(cp.heap.vmctxGcHeapBase())[(cp.get(e1) + 12) >>> 2] = cp.get(e1); // list cycle
    assert.throws(() => cp.heap.verifyIntegrity(), isCheck('externref list'));
  });
});
