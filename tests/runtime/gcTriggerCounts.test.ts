import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { Store } from '../../src/runtime/store';
import { InvariantError } from '../../src/errors/InvariantError';
import { registerTestTypes } from './testTypes';

describe('Store.gcTriggerCounts', () => {
  test('DRC: entering Wasm collects once the stack-roots list passes a lowered floor, not below it nor at the default', () => {
    for (const floor of [4, undefined]) {
      const store = new Store({ collector: builtinCollectors.drc, initialHeapBytes: 1 << 16, ...(floor !== undefined ? { stackRootsTriggerFloor: floor } : {}) });
      const T = registerTestTypes(store.types);
      const handles = Array.from({ length: 6 }, () => store.root(store.allocStruct(T.node), true));
      let firedAt = -1;
      handles.forEach((h, i) => {
        store.heap.readBarrierToWasm(store.get(h));
        store.enterWasm(1);
        if (firedAt < 0 && store.gcTriggerCounts.enterWasm > 0) firedAt = i;
      });
      const t = store.gcTriggerCounts;
      if (floor === undefined) {
        assert.equal(t.enterWasm, 0);
        assert.equal(store.collections, 0);
      } else {
        // After exposure i the list holds i+1 objects; entering with one more fires once i+1 + 1 > 4.
        assert.equal(firedAt, 3);
        assert.ok(t.enterWasm >= 1);
        assert.equal(store.collections, t.enterWasm);
      }
      assert.equal(t.explicit + t.allocation + t.zeal, 0);
    }
  });

  test('each trigger is counted where it starts a collection', () => {
    const store = new Store({ collector: builtinCollectors.incremental, incrementalZeal: null, zeal: { gcEveryNAllocs: 3 } });
    const T = registerTestTypes(store.types);
    for (let i = 0; i < 3; i++) store.allocStruct(T.node);
    assert.equal(store.gcTriggerCounts.zeal, 1);
    store.gc();
    assert.equal(store.gcTriggerCounts.explicit, 1);
    for (let i = 0; i < 20; i++) store.root(store.allocStruct(T.node), true);
    assert.equal(store.gcStep(1), false);
    assert.deepEqual([store.gcTriggerCounts.gcStep, store.gcTriggerCounts.sliced], [1, 1]);
    store.dropIncremental();
    store.dropIncremental();
    assert.equal(store.gcTriggerCounts.dropped, 1);
    assert.ok(store.openIncremental());
    assert.equal(store.gcTriggerCounts.explicit, 2);
  });

  test('allocation failure is counted as its own trigger', () => {
    const store = new Store({ collector: builtinCollectors.copying, initialHeapBytes: 4096, maxHeapBytes: 4096 });
    const T = registerTestTypes(store.types);
    for (let i = 0; i < 400; i++) store.allocStruct(T.node);
    const t = store.gcTriggerCounts;
    assert.ok(t.allocation > 0);
    assert.equal(t.allocation, store.collections);
  });

  test('a floor below 1 is an invariant error', () => {
    assert.throws(() => new Store({ collector: builtinCollectors.drc, stackRootsTriggerFloor: 0 }), InvariantError);
  });
});
