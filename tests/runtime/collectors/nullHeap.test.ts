import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nullCollector } from '../../../src/runtime/collectors/nullCollector';
import { Store } from '../../../src/runtime/store';
import { OutOfMemoryError } from '../../../src/errors/OutOfMemoryError';
import { registerTestTypes } from '../testTypes';

describe('null collector', () => {
  test('bump allocation starts past index 0 and keeps the size in the collector bits', () => {
    const store = new Store({ collector: nullCollector });
    const T = registerTestTypes(store.types);
    const a = store.allocStruct(T.node);
    const b = store.allocArray(T.bytes, 3);
    assert.equal(a, 8, 'ref 0 stays null');
    const words = new Uint32Array(store.heap.vmctxGcHeapBase());
    assert.equal(words[a >>> 2]! & ((1 << 26) - 1), b - a, 'size bits = distance to the next object');
    assert.equal(store.heap.stats().usedBytes, b + 16 - 8, 'allocated bytes counted exactly (#13247)');
  });

  test('gc completes in one increment and frees nothing', () => {
    const store = new Store({ collector: nullCollector });
    const T = registerTestTypes(store.types);
    for (let i = 0; i < 10; i++) store.allocExternref(i);
    const c = store.startGc();
    assert.equal(c.collectIncrement(), 'complete');
    assert.equal(store.collections, 1);
    assert.equal(store.heap.stats().objectCount, 10);
    assert.equal(store.hostData.size, 10);
    assert.equal(store.heap.allocStruct(T.node) !== null, true);
  });

  test('sizes of 2^26 bytes or more fail with "allocation too large"', () => {
    const store = new Store({ collector: nullCollector, maxHeapBytes: 256 << 20 });
    const T = registerTestTypes(store.types);
    assert.throws(() => store.heap.allocArray(T.bytes, (1 << 26) - 13), (e: unknown) => e instanceof OutOfMemoryError && /too large/.test(e.message));
  });

  test('a full heap returns null ("collect and retry") before the store gives up', () => {
    const store = new Store({ collector: nullCollector, initialHeapBytes: 1024, maxHeapBytes: 1024 });
    const T = registerTestTypes(store.types);
    let n = 0;
    while (store.heap.allocStruct(T.node) !== null) n++;
    assert.equal(n, (1024 - 8) / 32 | 0);
    assert.throws(() => store.allocStruct(T.node), OutOfMemoryError);
    store.heap.verifyIntegrity();
  });
});
