import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { Store } from '../../src/runtime/store';
import { InvariantError } from '../../src/errors/InvariantError';
import { registerTestTypes } from './testTypes';

describe('Store', () => {
  test('scope marks are unique: exiting an outer empty scope first is a LIFO violation', () => {
    const store = new Store({ collector: builtinCollectors.drc });
    const outer = store.enterScope();
    const inner = store.enterScope();
    assert.notEqual(outer, inner);
    assert.throws(() => store.exitScope(outer), InvariantError);
    store.exitScope(inner);
    store.exitScope(outer);
    assert.throws(() => store.exitScope(outer), InvariantError);
  });

  test('allocation failure collects first while usage is low, grows first once live data is large', () => {
    for (const c of [builtinCollectors.drc, builtinCollectors.copying]) {
      const store = new Store({ collector: c, initialHeapBytes: 8192, maxHeapBytes: 1 << 20 });
      const T = registerTestTypes(store.types);
      const bound0 = store.heap.vmctxGcHeapBound();
      // Garbage only (copying: unrooted; DRC: a cycle per pair would leak, so plain unrooted structs
      // are dropped): the first failure should collect, not grow.
      for (let i = 0; i < 2000; i++) {
        const r = store.allocStruct(T.node);
        if (c.reclaims === 'acyclic') store.heap.dropGcRef(store.hostData, r);
      }
      if (c.moving) assert.ok(store.collections > 0, `${c.name}: collected`);
      assert.equal(store.heap.vmctxGcHeapBound(), bound0, `${c.name}: did not grow for garbage`);
      // Live data: the heap must grow.
      const kept = [];
      for (let i = 0; i < 2000; i++) kept.push(store.root(store.allocStruct(T.node), true));
      assert.ok(store.heap.vmctxGcHeapBound() > bound0, `${c.name}: grew for live data`);
      store.heap.verifyIntegrity();
    }
  });

  test('startGc: collectIncrement drives it; completion is counted once and reported', () => {
    const store = new Store({ collector: builtinCollectors.copying, incrementBudget: 1 });
    const T = registerTestTypes(store.types);
    for (let i = 0; i < 5; i++) store.root(store.allocStruct(T.node), true);
    let reported = 0;
    store.onGcComplete = () => reported++;
    const c = store.startGc();
    let slices = 0;
    while (c.collectIncrement() === 'continue') slices++;
    assert.ok(slices >= 5);
    assert.equal(c.collectIncrement(), 'complete');
    assert.equal(store.collections, 1);
    assert.equal(reported, 1);
  });
});
