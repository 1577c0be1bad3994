import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { SandboxError } from '../../src/errors/SandboxError';
import type { FieldValue } from '../../src/runtime/gcHeap';
import { registerTestTypes } from './testTypes';

for (const collector of Object.values(builtinCollectors)) {
  test(`getRange (${collector.name}): reads what structGet / exnGet / arrayGet read, after one check, and refuses what they refuse`, () => {
    const store = new Store({ collector, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
    const T = registerTestTypes(store.types);
    const heap = store.heap;
    const hd = store.hostData;
    const s = store.root(store.allocStruct(T.node));
    const t = store.root(store.allocStruct(T.node));
    heap.structSet(hd, store.get(s), 0, -7);
    heap.structSet(hd, store.get(s), 1, store.get(t));
    heap.structSet(hd, store.get(s), 3, 123456789012n);
    const a = store.root(store.allocArray(T.shorts, 5));
    for (let i = 0; i < 5; i++) heap.arraySet(hd, store.get(a), i, i * 1000 - 2000);
    const out: FieldValue[] = [];
    heap.getRange!(store.get(s), 0, 4, out);
    assert.deepEqual(out.slice(0, 4), [0, 1, 2, 3].map((f) => heap.structGet(store.get(s), f)));
    heap.getRange!(store.get(s), 1, 2, out);
    assert.deepEqual(out.slice(0, 2), [heap.structGet(store.get(s), 1), heap.structGet(store.get(s), 2)]);
    heap.getRange!(store.get(a), 1, 4, out);
    assert.deepEqual(out.slice(0, 4), [1, 2, 3, 4].map((i) => heap.arrayGet(store.get(a), i)));
    const refused = (ref: number, start: number, count: number): string => {
      try {
        heap.getRange!(ref, start, count, out);
      } catch (e) {
        assert.ok(e instanceof SandboxError, String(e));
        return e.violation;
      }
      return 'read';
    };
    assert.equal(refused(store.get(s), 2, 3), 'field out of bounds');
    assert.equal(refused(store.get(s), -1, 1), 'field out of bounds');
    assert.equal(refused(store.get(a), 3, 3), 'field out of bounds');
    assert.equal(refused(store.get(store.root(store.allocExternref({}))), 0, 1), 'wrong kind');
    assert.equal(refused(0, 0, 1), 'null');
    assert.equal(refused(store.get(a), 5, 0), 'read');
  });
}
