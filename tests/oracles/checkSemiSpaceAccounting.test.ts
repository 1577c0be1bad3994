import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeapStats } from '../../src/runtime/gcHeap';
import { checkAbandonedCount, checkSemiSpaceAccounting, checkSemiSpaceGrowth } from '../../oracles/checkSemiSpaceAccounting';
import { lowerEndKeepingCopying } from '../brokenCollectors/lowerEndKeepingCopying';
import { Store } from '../../src/runtime/store';
import { uncountedReplacementCopying } from '../brokenCollectors/uncountedReplacementCopying';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { GcTypeRegistry } from '../../src/runtime/gcTypes';

const newHeap = (name: 'copying' | 'drc') => builtinCollectors[name].newGcHeap({ types: new GcTypeRegistry(), initialBytes: 4096, maxBytes: 4096 });
const copying = newHeap('copying');

/** Stats of a copying heap: semi-space S, active start, bump pointer, and the rest as given. */
function stats(o: { S?: number; start?: number; bump?: number; cap?: number; objects?: number; allocs?: number; copied?: number; slices?: number; abandoned?: number }): HeapStats {
  const S = o.S ?? 1024;
  const start = o.start ?? 16;
  const bump = o.bump ?? start;
  return {
    usedBytes: bump - start,
    capacityBytes: o.cap ?? (start === 16 ? S : start - 16),
    objectCount: o.objects ?? 0,
    collections: 0,
    counters: { allocs: o.allocs ?? 0, semiSpaceBytes: S, activeStart: start, bumpPointer: bump, copied: o.copied ?? 0, slices: o.slices ?? 0, abandoned: o.abandoned ?? 0 },
  };
}
const BOUND = 16 + 2 * 1024;

test('a correct window passes: bump allocation with no collection, and a flip that copied the survivors', () => {
  assert.equal(checkSemiSpaceAccounting(copying, stats({}), stats({ bump: 16 + 64, objects: 2, allocs: 2 }), 0, BOUND), null);
  assert.equal(checkSemiSpaceAccounting(copying, stats({ bump: 16 + 64, objects: 2, allocs: 2 }), stats({ start: 16 + 1024, bump: 16 + 1024 + 32, objects: 1, allocs: 2, copied: 1, slices: 1 }), 1, BOUND), null);
  // A grow while the upper space is active: S rises, the upper space keeps its size until the next flip.
  assert.equal(checkSemiSpaceAccounting(copying, stats({ start: 16 + 1024 }), stats({ S: 2048, start: 16 + 1024 }), 0, 16 + 2 * 2048), null);
  // Not a copying heap: nothing to judge.
  assert.equal(checkSemiSpaceAccounting(newHeap('drc'), { ...stats({}), counters: {} }, { ...stats({}), counters: {} }, 0, BOUND), null);
});

test('each promise fails on its own violation', () => {
  const fails = (base: HeapStats, now: HeapStats, completed: number, pattern: RegExp): void => {
    const r = checkSemiSpaceAccounting(copying, base, now, completed, BOUND);
    assert.ok(r !== null, `expected a failure matching ${pattern}`);
    assert.match(r.join(' / '), pattern);
  };
  fails({ ...stats({}), counters: {} }, stats({}), 0, /counter semiSpaceBytes/);
  fails(stats({}), stats({ S: 1032 }), 0, /multiple of 16/);
  fails(stats({}), stats({ cap: 512 }), 0, /lower semi-space is S bytes/);
  fails(stats({}), stats({ start: 16 + 1024, cap: 1000 }), 1, /upper space/);
  fails(stats({}), { ...stats({ bump: 80 }), usedBytes: 48 }, 0, /bump pointer/);
  fails(stats({ S: 1024, slices: 3 }), stats({ S: 1024, slices: 2 }), 0, /slices at least 3/);
  fails(stats({}), stats({ start: 16 + 1024 }), 0, /no collection completed/);
  fails(stats({}), stats({ slices: 1 }), 1, /the upper semi-space active/);
  fails(stats({}), stats({ objects: 1 }), 0, /objectCount 0/);
  fails(stats({}), stats({ bump: 32, objects: 1, allocs: 1 }), 0, /up by at least 32/);
  fails(stats({}), stats({ start: 16 + 1024, slices: 0 }), 1, /one per completed collection/);
  fails(stats({}), stats({ start: 16 + 1024, bump: 16 + 1024 + 64, objects: 2, copied: 1, slices: 1 }), 1, /objectCount at most 1/);
});

test('abandoned count: every collection started is completed or abandoned once (the last one may still be open)', () => {
  const since = (started: number, completed: number, lastOpen: boolean) => ({ started, completed, lastOpen, abandonedAtReset: 2 });
  assert.equal(checkAbandonedCount(copying, stats({ abandoned: 2 }), since(0, 0, false)), null);
  assert.equal(checkAbandonedCount(copying, stats({ abandoned: 3 }), since(2, 1, false)), null);
  assert.equal(checkAbandonedCount(copying, stats({ abandoned: 2 }), since(2, 1, true)), null);
  assert.equal(checkAbandonedCount(copying, stats({ abandoned: 3 }), since(2, 1, true)), null);
  assert.match(checkAbandonedCount(copying, stats({ abandoned: 2 }), since(2, 1, false))!.join(' / '), /abandoned up by 1 .* up by 0/);
  assert.match(checkAbandonedCount(copying, stats({ abandoned: 3 }), since(1, 1, false))!.join(' / '), /abandoned up by 0 .* up by 1/);
  assert.equal(checkAbandonedCount(newHeap('drc'), { ...stats({}), counters: {} }, since(2, 0, false)), null);
});

test('abandoned count: a real copying store that replaces an unsliced collection counts it; the broken one does not', () => {
  for (const [collector, ok] of [[builtinCollectors.copying, true], [uncountedReplacementCopying, false]] as const) {
    const store = new Store({ collector });
    const at = store.heap.stats().counters['abandoned'];
    store.startGc();
    store.gc();
    const r = checkAbandonedCount(store.heap, store.heap.stats(), { started: 2, completed: 1, lastOpen: false, abandonedAtReset: at });
    assert.equal(r === null, ok, collector.name);
  }
});

test('semi-space growth: the lower space takes the new size at once, an upper one keeps its own until the next flip', () => {
  const store = new Store({ collector: builtinCollectors.copying, initialHeapBytes: 4096, maxHeapBytes: 1 << 16 });
  const heap = store.heap;
  const grown = (): string | null => {
    const before = heap.stats();
    assert.equal(heap.grow(256), true);
    return checkSemiSpaceGrowth(heap, before, heap.stats());
  };
  assert.equal(grown(), null, 'lower space');
  store.gc();
  assert.notEqual(heap.stats().counters['activeStart'], 16, 'a flip makes the upper space active');
  assert.equal(grown(), null, 'upper space');
  const broken = new Store({ collector: lowerEndKeepingCopying, initialHeapBytes: 4096, maxHeapBytes: 1 << 16 }).heap;
  const before = broken.stats();
  assert.equal(broken.grow(256), true);
  assert.match(checkSemiSpaceGrowth(broken, before, broken.stats()) ?? '', /grow left the lower semi-space \d+ bytes where S is now \d+/);
});
