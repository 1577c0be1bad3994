import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { copyingCollector } from '../../../src/runtime/collectors/copyingCollector';
import { Store } from '../../../src/runtime/store';
import { InvariantError } from '../../../src/errors/InvariantError';
import { SandboxError } from '../../../src/errors/SandboxError';
import { GcKind } from '../../../src/runtime/gcKind';
import { registerTestTypes } from '../testTypes';
import { buildGraph, graphSpecArb, snapshot } from '../graphSnapshot';

function setup(extra: Partial<ConstructorParameters<typeof Store>[0]> = {}) {
  const store = new Store({ collector: copyingCollector, zeal: { poison: true, checks: true }, ...extra });
  return { store, heap: store.heap, T: registerTestTypes(store.types), hd: store.hostData };
}

describe('copying collector', () => {
  test('objects move and every root is rewritten; stale refs into from-space are refused', () => {
    const { store, heap, T, hd } = setup();
    store.allocStruct(T.node); // garbage first, so the survivor's address changes
    const h = store.root(store.allocStruct(T.node));
    heap.structSet(hd, store.get(h), 0, 5);
    const before = store.get(h);
    store.gc();
    const after = store.get(h);
    assert.notEqual(after, before);
    assert.equal(heap.structGet(after, 0), 5);
    assert.throws(() => heap.structGet(before, 0), SandboxError);
  });

  test('property: increments of any budget end in the same state as one full collection (seed 42)', () => {
    fc.assert(
      fc.property(graphSpecArb, fc.integer({ min: 1, max: 5 }), (spec, budget) => {
        const full = setup();
        const fh = buildGraph(full.store, full.T, spec);
        full.store.gc();
        const inc = setup({ incrementBudget: budget });
        const ih = buildGraph(inc.store, inc.T, spec);
        const c = inc.store.startGc();
        let slices = 1;
        while (c.collectIncrement() === 'continue') slices++;
        assert.equal(inc.store.collections, 1);
        const snap = snapshot(inc.store, ih) as { objectCount: number };
        assert.deepEqual(snap, snapshot(full.store, fh));
        inc.heap.verifyIntegrity();
        // Each slice forwards roots and scans objects, `budget` of them in all.
        if (ih.length + snap.objectCount > budget) assert.ok(slices > 1, 'a small budget needs several slices');
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  test('property: a collection dropped midway leaves a usable heap; the next one matches a clean run (seed 42)', () => {
    fc.assert(
      fc.property(graphSpecArb, fc.nat({ max: 30 }), fc.integer(), (spec, stopAfter, v) => {
        const mutate = (s: ReturnType<typeof setup>, hs: ReturnType<typeof buildGraph>): void => {
          const n = s.store.root(s.store.allocStruct(s.T.node), true);
          s.heap.structSet(s.hd, s.store.get(n), 0, v);
          if (hs.length > 0) s.heap.structSet(s.hd, s.store.get(n), 1, s.store.get(hs[0]!));
          hs.push(n);
        };
        const clean = setup();
        const ch = buildGraph(clean.store, clean.T, spec);
        mutate(clean, ch);
        clean.store.gc();

        const ab = setup({ incrementBudget: 1 });
        const ah = buildGraph(ab.store, ab.T, spec);
        const before = snapshot(ab.store, ah);
        const c = ab.store.startGc();
        let done = false;
        for (let i = 0; i < stopAfter && !done; i++) done = c.collectIncrement() === 'complete';
        if (!done) {
          // Abandoned: the mutator resumes. The heap must look exactly as before the collection.
          assert.deepEqual(snapshot(ab.store, ah), before);
          ab.heap.verifyIntegrity();
          if (stopAfter > 0) assert.throws(() => c.collectIncrement(), InvariantError);
        }
        mutate(ab, ah);
        ab.store.gc();
        ab.heap.verifyIntegrity();
        assert.deepEqual(snapshot(ab.store, ah), snapshot(clean.store, ch));
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  test('abandonment by allocation, field write or barrier alike', () => {
    for (const resume of ['alloc', 'write', 'barrier', 'gc', 'grow'] as const) {
      const { store, heap, T, hd } = setup({ incrementBudget: 1 });
      const hs = [0, 1, 2, 3, 4].map((i) => {
        const h = store.root(store.allocStruct(T.node), true);
        heap.structSet(hd, store.get(h), 0, i);
        return h;
      });
      for (let i = 0; i + 1 < hs.length; i++) heap.structSet(hd, store.get(hs[i]!), 1, store.get(hs[i + 1]!));
      const c = store.startGc();
      assert.equal(c.collectIncrement(), 'continue');
      assert.equal(c.collectIncrement(), 'continue');
      if (resume === 'alloc') store.allocExternref('x');
      else if (resume === 'write') heap.structSet(hd, store.get(hs[4]!), 2, store.get(hs[0]!));
      else if (resume === 'barrier') store.clone(hs[0]!);
      else if (resume === 'gc') store.gc();
      else assert.equal(heap.grow(4096), true);
      assert.equal(heap.stats().counters['abandoned'], 1, resume);
      assert.throws(() => c.collectIncrement(), InvariantError);
      for (let i = 0; i < hs.length; i++) assert.equal(heap.structGet(store.get(hs[i]!), 0), i);
      heap.verifyIntegrity();
      store.gc();
      for (let i = 0; i + 1 < hs.length; i++) assert.equal(heap.structGet(store.get(hs[i]!), 1), store.get(hs[i + 1]!));
    }
  });

  test('growth: the lower space extends at once, the upper one at the next flip (#13774)', () => {
    const { store, heap, T } = setup({ initialHeapBytes: 1024, maxHeapBytes: 1 << 20 });
    const cap0 = heap.stats().capacityBytes;
    assert.equal(cap0 % 16, 0);
    assert.equal(heap.grow(1000), true);
    const cap1 = heap.stats().capacityBytes;
    assert.equal(cap1, cap0 + 1008, 'active lower space extended in place, rounded to 16');
    const h = store.root(store.allocStruct(T.node), true);
    store.gc(); // now the upper space is active
    assert.ok(heap.stats().counters['activeStart']! > 16);
    assert.equal(heap.grow(2048), true);
    assert.equal(heap.stats().capacityBytes, cap1, 'upper space: not yet');
    store.gc();
    assert.equal(heap.stats().counters['activeStart'], 16);
    assert.equal(heap.stats().capacityBytes, cap1 + 2048);
    assert.equal(heap.headerKind(store.get(h)), GcKind.StructRef);
    assert.equal(heap.grow(1 << 20), false, 'beyond the maximum');
    const many = [];
    for (let i = 0; i < 2000; i++) many.push(store.root(store.allocStruct(T.node), true));
    for (const m of many) assert.equal(heap.headerKind(store.get(m)), GcKind.StructRef);
    assert.ok(heap.vmctxGcHeapBound() <= 1 << 20);
    heap.verifyIntegrity();
  });

  test('unreachable externrefs release their host data after the copy', () => {
    const { store, heap } = setup();
    const keep = store.root(store.allocExternref('keep'), true);
    for (let i = 0; i < 10; i++) store.allocExternref(i);
    assert.equal(store.hostData.size, 11);
    store.gc();
    assert.equal(store.hostData.size, 1);
    assert.equal(store.hostData.get(heap.externrefHostData(store.get(keep))), 'keep');
  });
});
