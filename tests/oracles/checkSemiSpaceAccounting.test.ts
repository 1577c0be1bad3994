import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeapStats } from '../../src/runtime/gcHeap';
import { checkSemiSpaceAccounting } from '../../oracles/checkSemiSpaceAccounting';
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
