import assert from 'node:assert/strict';
import test from 'node:test';
import { gcChildren } from '../../../oracles/engines/checkProgramHeap';
import { isGcEdge } from '../../../oracles/engines/isGcEdge';
import { modelCollector, type ModelGcHeap } from '../../../oracles/engines/modelGcHeap';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { GcTypeRegistry, type StorageType, type TraceKind } from '../../../src/runtime/gcTypes';
import { Store } from '../../../src/runtime/store';

/** A registry whose `traceKind` starts lying (every ref 'func') once `lie` is set. */
class LyingTypes extends GcTypeRegistry {
  lie = false;
  override traceKind(s: StorageType): TraceKind {
    return this.lie && typeof s !== 'string' ? 'func' : super.traceKind(s);
  }
}

test('isGcEdge: function references are never GC edges; every other reference is; numbers are not', () => {
  const types = new GcTypeRegistry();
  const ft = types.register({ kind: 'func' });
  const st = types.register({ kind: 'struct', fields: [] });
  for (const heap of ['func', 'nofunc', ft] as const) assert.equal(isGcEdge(types, { kind: 'ref', nullable: true, heap }), false, String(heap));
  for (const heap of ['any', 'eq', 'i31', 'struct', 'array', 'none', 'extern', 'noextern', 'exn', 'noexn', st] as const) {
    assert.equal(isGcEdge(types, { kind: 'ref', nullable: false, heap }), true, String(heap));
  }
  for (const s of ['i8', 'i16', 'i32', 'i64', 'f32', 'f64'] as const) assert.equal(isGcEdge(types, s), false, s);
});

test('the program-heap oracle and the model heap find GC children without asking the runtime\'s traceKind', () => {
  for (const collector of [builtinCollectors.drc, modelCollector]) {
    const types = new LyingTypes();
    const store = new Store({ collector, initialHeapBytes: 4096, maxHeapBytes: 1 << 20, types });
    const leaf = types.register({ kind: 'struct', fields: [] });
    const node = types.register({ kind: 'struct', fields: [{ storage: { kind: 'ref', nullable: true, heap: 'any' }, mutable: true }] });
    const list = types.register({ kind: 'array', element: { storage: { kind: 'ref', nullable: true, heap: leaf }, mutable: true } });
    const scope = store.enterScope();
    const child = store.root(store.allocStruct(leaf));
    const parent = store.root(store.allocStruct(node));
    store.heap.structSet(store.hostData, store.get(parent), 0, store.get(child));
    const arr = store.root(store.allocArray(list, 1));
    store.heap.arraySet(store.hostData, store.get(arr), 0, store.get(child));
    types.lie = true;
    assert.deepEqual(gcChildren(store.heap, types, store.get(parent)), [store.get(child)], collector.name);
    assert.deepEqual(gcChildren(store.heap, types, store.get(arr)), [store.get(child)], collector.name);
    if (collector === modelCollector) {
      const model = store.heap as ModelGcHeap;
      assert.deepEqual(model.children(model.objects.get(store.get(parent))!), [store.get(child)]);
      assert.deepEqual(model.children(model.objects.get(store.get(arr))!), [store.get(child)]);
    }
    store.exitScope(scope);
  }
});
