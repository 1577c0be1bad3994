import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { Store } from '../../src/runtime/store';
import { GcKind } from '../../src/runtime/gcKind';
import { refI31 } from '../../src/runtime/gcRef';
import { InvariantError } from '../../src/errors/InvariantError';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';
import { SandboxError } from '../../src/errors/SandboxError';
import { registerTestTypes } from './testTypes';
import { modelOpArb, runModel } from './referenceModel';

function newStore(collector: GcRuntime, extra: Partial<ConstructorParameters<typeof Store>[0]> = {}) {
  const store = new Store({ collector, ...extra });
  return { store, heap: store.heap, T: registerTestTypes(store.types) };
}

/**
 * The contract every collector must meet (docs/collector-api.md), registered once per collector:
 * typed field access, externref host data, no-GC scopes, handles, allocation policy and growth,
 * clean out-of-memory, reset, and a model-checked property over random mutator runs.
 */
export function registerCollectorContract(collector: GcRuntime): void {
  describe(`collector contract: ${collector.name}`, () => {
    test('every storage type reads back what was written, packed fields extend as asked', () => {
      const { store, heap, T } = newStore(collector);
      const h = store.root(store.allocStruct(T.all));
      const r = (): number => store.get(h);
      for (let f = 0; f < 9; f++) assert.equal(heap.structGet(r(), f), f === 3 ? 0n : 0, `field ${f} starts zero`);
      heap.structSet(store.hostData, r(), 0, 0xff);
      assert.equal(heap.structGet(r(), 0), 255);
      assert.equal(heap.structGet(r(), 0, true), -1);
      heap.structSet(store.hostData, r(), 0, 0x17f);
      assert.equal(heap.structGet(r(), 0, true), 127, 'i8 wraps to the low 8 bits');
      heap.structSet(store.hostData, r(), 1, 0x8001);
      assert.equal(heap.structGet(r(), 1), 0x8001);
      assert.equal(heap.structGet(r(), 1, true), -32767);
      heap.structSet(store.hostData, r(), 2, -123456789);
      assert.equal(heap.structGet(r(), 2), -123456789);
      heap.structSet(store.hostData, r(), 3, -(2n ** 63n));
      assert.equal(heap.structGet(r(), 3), -(2n ** 63n));
      heap.structSet(store.hostData, r(), 3, 2n ** 63n - 1n);
      assert.equal(heap.structGet(r(), 3), 2n ** 63n - 1n);
      heap.structSet(store.hostData, r(), 4, 0x7fa00001); // an f32 NaN with payload, as raw bits
      assert.equal(heap.structGet(r(), 4), 0x7fa00001);
      heap.structSet(store.hostData, r(), 5, -0.1);
      assert.equal(heap.structGet(r(), 5), -0.1);
      heap.structSet(store.hostData, r(), 6, refI31(-5));
      assert.equal(heap.structGet(r(), 6), refI31(-5));
      heap.structSet(store.hostData, r(), 8, 42);
      assert.equal(heap.structGet(r(), 8), 42, 'function ids are plain u32s');
      assert.throws(() => heap.structSet(store.hostData, r(), 3, 5), InvariantError, 'i64 needs a bigint');
      assert.throws(() => heap.structSet(store.hostData, r(), 2, 5n), InvariantError, 'i32 needs a number');
      assert.throws(() => heap.structGet(r(), 9), SandboxError);
      assert.equal(heap.headerKind(r()), GcKind.StructRef);
      assert.equal(heap.headerType(r()), T.all);
      heap.verifyIntegrity();
    });

    test('arrays: length, packed and wide elements, bounds', () => {
      const { store, heap, T } = newStore(collector);
      const b = store.root(store.allocArray(T.bytes, 5));
      const s = store.root(store.allocArray(T.shorts, 3));
      const l = store.root(store.allocArray(T.longs, 3));
      const d = store.root(store.allocArray(T.doubles, 2));
      const e = store.root(store.allocArray(T.refs, 0));
      assert.equal(heap.arrayLen(store.get(b)), 5);
      assert.equal(heap.arrayLen(store.get(e)), 0);
      heap.arraySet(store.hostData, store.get(b), 4, 0x80);
      assert.equal(heap.arrayGet(store.get(b), 4, true), -128);
      assert.equal(heap.arrayGet(store.get(b), 4, false), 128);
      heap.arraySet(store.hostData, store.get(s), 2, 0xffff);
      assert.equal(heap.arrayGet(store.get(s), 2, true), -1);
      heap.arraySet(store.hostData, store.get(l), 1, 1n << 62n);
      assert.equal(heap.arrayGet(store.get(l), 1), 1n << 62n);
      assert.equal(heap.arrayGet(store.get(l), 0), 0n);
      heap.arraySet(store.hostData, store.get(d), 1, Math.PI);
      assert.equal(heap.arrayGet(store.get(d), 1), Math.PI);
      assert.throws(() => heap.arrayGet(store.get(b), 5), (err: unknown) => err instanceof SandboxError && err.violation === 'field out of bounds');
      assert.throws(() => heap.arraySet(store.hostData, store.get(e), 0, 0), SandboxError);
      assert.throws(() => heap.arrayGet(store.get(b), -1), SandboxError);
      assert.throws(() => heap.structGet(store.get(b), 0), (err: unknown) => err instanceof SandboxError && err.violation === 'wrong kind');
      store.gc();
      assert.equal(heap.arrayGet(store.get(l), 1), 1n << 62n, 'values survive a collection');
      assert.equal(heap.arrayGet(store.get(d), 1), Math.PI);
      heap.verifyIntegrity();
    });

    test('externref host data is the exact host object, across collections', () => {
      const { store, heap, T } = newStore(collector);
      const hosts = [{ a: 1 }, { b: 2 }, { c: 3 }];
      const hs = hosts.map((o) => store.root(store.allocExternref(o), true));
      const holder = store.root(store.allocStruct(T.all));
      heap.structSet(store.hostData, store.get(holder), 7, store.get(hs[1]!));
      store.drop(hs[1]!);
      store.gc();
      assert.equal(store.hostData.get(heap.externrefHostData(store.get(hs[0]!))), hosts[0]);
      assert.equal(store.hostData.get(heap.externrefHostData(heap.structGet(store.get(holder), 7) as number)), hosts[1]);
      assert.equal(store.hostData.get(heap.externrefHostData(store.get(hs[2]!))), hosts[2]);
      assert.equal(heap.headerKind(store.get(hs[0]!)), GcKind.ExternRef);
      assert.equal(heap.headerType(store.get(hs[0]!)), 0);
      assert.throws(() => heap.externrefHostData(store.get(holder)), SandboxError);
      store.drop(hs[0]!);
      store.gc();
      assert.equal(store.hostData.size, collector.reclaims === 'nothing' ? 3 : 2, 'unreachable externref released its host data');
    });

    test('no-GC scopes nest; gc() inside one throws InvariantError', () => {
      const { store, heap } = newStore(collector);
      assert.equal(heap.noGcScopeDepth, 0);
      store.enterNoGcScope();
      store.enterNoGcScope();
      assert.equal(heap.noGcScopeDepth, 2);
      assert.throws(() => store.gc(), InvariantError);
      store.exitNoGcScope();
      assert.throws(() => store.gc(), InvariantError);
      store.exitNoGcScope();
      store.gc();
      assert.throws(() => store.exitNoGcScope(), InvariantError);
      assert.equal(store.collections, 1);
    });

    test('handles: scopes are LIFO, stale handles are refused, clones count', () => {
      const { store, heap, T } = newStore(collector);
      const outer = store.enterScope();
      const a = store.root(store.allocStruct(T.node));
      const inner = store.enterScope();
      const b = store.clone(a);
      const c = store.root(store.allocStruct(T.node));
      assert.throws(() => store.exitScope(outer), InvariantError, 'exiting the outer scope first breaks LIFO');
      store.drop(c);
      assert.throws(() => store.get(c), InvariantError);
      assert.throws(() => store.drop(c), InvariantError);
      store.exitScope(inner);
      assert.throws(() => store.get(b), InvariantError);
      assert.equal(store.get(a) !== 0, true);
      const o = store.clone(a, true);
      store.exitScope(outer);
      assert.throws(() => store.get(a), InvariantError);
      store.gc();
      assert.equal(heap.headerKind(store.get(o)), GcKind.StructRef, 'the owned clone keeps the object alive');
      assert.deepEqual(store.liveHandles().map((h) => h.kind), ['owned']);
      store.set(o, 0);
      assert.equal(store.get(o), 0);
      store.gc();
      assert.equal(heap.stats().objectCount, collector.reclaims === 'nothing' ? 2 : 0);
    });

    test('allocation grows the heap up to the maximum, then fails cleanly with OutOfMemoryError', () => {
      const { store, heap, T } = newStore(collector, { initialHeapBytes: 4096, maxHeapBytes: 64 * 1024, zeal: { checks: true } });
      const kept = [];
      let oom: unknown = null;
      try {
        for (let i = 0; i < 100_000; i++) kept.push(store.root(store.allocArray(T.bytes, 200), true));
      } catch (e) {
        oom = e;
      }
      assert.ok(oom instanceof OutOfMemoryError, `expected OutOfMemoryError, got ${String(oom)}`);
      assert.ok(kept.length > 50, `the heap grew (${kept.length} arrays)`);
      assert.ok(heap.vmctxGcHeapBound() <= 64 * 1024);
      heap.verifyIntegrity();
      let hostBefore = -1;
      assert.throws(() => {
        for (;;) {
          hostBefore = store.hostData.size;
          kept.push(store.root(store.allocExternref({}), true));
        }
      }, OutOfMemoryError);
      assert.equal(store.hostData.size, hostBefore, 'a failed externref allocation released its host-data id');
      for (const h of kept.splice(0, 40)) store.drop(h);
      if (collector.reclaims !== 'nothing') {
        const h = store.root(store.allocArray(T.bytes, 200), true);
        assert.equal(heap.arrayLen(store.get(h)), 200, 'usable after OOM once memory is released');
      } else {
        assert.throws(() => store.allocArray(T.bytes, 200), OutOfMemoryError, 'null never frees');
      }
      heap.verifyIntegrity();
    });

    test('oversized allocations throw OutOfMemoryError at once', () => {
      const { store, T } = newStore(collector, { maxHeapBytes: 1 << 20 });
      assert.throws(() => store.allocArray(T.longs, 1 << 24), OutOfMemoryError);
      assert.throws(() => store.allocArray(T.bytes, 2 << 20), OutOfMemoryError);
      assert.throws(() => store.allocStruct(T.refs), InvariantError, 'an array type is not a struct type');
      assert.equal(store.collections >= 0, true);
    });

    test('collections are counted and reported to onGcComplete; zeal gcEveryNAllocs triggers them', () => {
      const { store, T } = newStore(collector, { zeal: { gcEveryNAllocs: 4, poison: true, checks: true } });
      let seen = 0;
      store.onGcComplete = () => seen++;
      const h = store.root(store.allocStruct(T.node), true);
      for (let i = 0; i < 20; i++) {
        const t = store.root(store.allocStruct(T.node));
        store.heap.structSet(store.hostData, store.get(h), 1, store.get(t));
        store.drop(t);
      }
      // Collections the incremental zeal ran with mutation between slices are counted too, but
      // reported to onGcComplete (exact reclamation) only when full.
      const zealCycles = store.incrementalCycles;
      assert.equal(store.collections, 5 + zealCycles);
      assert.equal(seen, 5);
      store.gc();
      assert.equal(seen, 6);
      assert.equal(store.heap.stats().collections, 6 + store.incrementalCycles);
    });

    test('reset empties heap, host data and handles but keeps root providers', () => {
      const { store, heap, T } = newStore(collector, { zeal: { poison: true, checks: true } });
      const h = store.root(store.allocExternref('x'), true);
      store.root(store.allocStruct(T.node));
      let provided = 0;
      store.addRootProvider(() => provided++);
      store.reset();
      assert.equal(heap.stats().objectCount, 0);
      assert.equal(heap.stats().usedBytes, 0);
      assert.equal(store.hostData.size, 0);
      assert.throws(() => store.get(h), InvariantError);
      assert.deepEqual(store.liveHandles(), []);
      heap.verifyIntegrity();
      const g = store.root(store.allocStruct(T.node));
      store.gc();
      assert.equal(provided, 1);
      assert.equal(heap.headerKind(store.get(g)), GcKind.StructRef);
    });

    test('root providers: stack and non-stack roots keep objects alive and see moved refs', () => {
      const { store, heap, T } = newStore(collector);
      const globals = [0];
      const frame = [0, 0];
      const unregister = store.addRootProvider((roots) => {
        roots.addRoot(globals, 0);
        roots.addWasmStackRoot(frame, 0, 0);
        roots.addWasmStackRoot(frame, 1, 1);
      });
      const g = store.allocStruct(T.node);
      heap.writeGcRef(store.hostData, globals, 0, g);
      heap.dropGcRef(store.hostData, g);
      const f = store.allocStruct(T.node);
      heap.structSet(store.hostData, f, 0, 77);
      heap.exposeGcRefToWasm(f); // the owned ref moves onto the Wasm stack
      frame[0] = f;
      frame[1] = refI31(9);
      store.gc();
      assert.equal(heap.structGet(frame[0]!, 0), 77);
      assert.equal(frame[1], refI31(9));
      assert.equal(heap.headerKind(globals[0]!), GcKind.StructRef);
      assert.equal(heap.stats().objectCount, 2);
      unregister();
      frame[0] = 0;
      heap.writeGcRef(store.hostData, globals, 0, 0);
      store.gc();
      assert.equal(heap.stats().objectCount, collector.reclaims === 'nothing' ? 2 : 0);
    });

    test('property: random mutator runs agree with the reachability model (seed 42)', () => {
      fc.assert(fc.property(fc.array(modelOpArb, { maxLength: 80 }), (ops) => runModel(collector, ops)), { seed: 42, numRuns: 150 });
    });

    test('property: same under zeal (poison, checks, gc every 5 allocs, small growing heap, tiny increments)', () => {
      fc.assert(
        fc.property(fc.array(modelOpArb, { maxLength: 60 }), (ops) =>
          runModel(collector, ops, { initialHeapBytes: 256, maxHeapBytes: 1 << 20, incrementBudget: 2, zeal: { poison: true, checks: true, gcEveryNAllocs: 5 } })),
        { seed: 7, numRuns: 80 },
      );
    });
  });
}
