import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FreeList } from '../../src/runtime/freeList';
import type { GcHeap, GcRuntime } from '../../src/runtime/gcHeap';
import { GcTypeRegistry } from '../../src/runtime/gcTypes';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { opCaseArbitrary } from '../../src/gen/ops/opCaseArbitrary';
import { runOpCase } from '../../src/harness/targets/ops/runOpCase';
import { installFreeListOracle, type FreeListOracleStats } from '../../oracles/installFreeListOracle';
import { FreeListReference } from '../../oracles/freeListReference';
import largeBlockForgettingDrc from '../brokenCollectors/largeBlockForgettingDrc';
import firstFitLargeDrc from '../brokenCollectors/firstFitLargeDrc';
import exactBlockSkippingIncremental from '../brokenCollectors/exactBlockSkippingIncremental';
import remainderLeakingDrc from '../brokenCollectors/remainderLeakingDrc';
import { failureOf } from './failureOf';

/** `list` behind a heap-shaped object with the `withFreeList` seam. */
function heapOf(list: FreeList): GcHeap {
  return { withFreeList: (use: (l: FreeList) => void) => use(list) } as unknown as GcHeap;
}

/** The free list of a fresh heap of `runtime` (so a broken variant's wrapped list), with the oracle installed. */
function judgedListOf(runtime: GcRuntime): FreeList {
  const heap = runtime.newGcHeap({ types: new GcTypeRegistry(), initialBytes: 1 << 16, maxBytes: 1 << 16 });
  let list: FreeList | undefined;
  heap.withFreeList!((l) => (list = l));
  installFreeListOracle(heap, () => 7);
  return list!;
}

function judged(list = new FreeList()): { list: FreeList; stats: FreeListOracleStats } {
  return { list, stats: installFreeListOracle(heapOf(list))! };
}

describe('FreeListReference', () => {
  test('best fit: smallest that fits, earliest entered among equals; a split remainder and a merged block enter as newest', () => {
    const r = new FreeListReference();
    r.add(16, 64);
    r.add(160, 32);
    r.add(320, 32);
    assert.equal(r.bestFit(32)!.start, 160);
    assert.equal(r.bestFit(48)!.start, 16);
    assert.equal(r.bestFit(80), undefined);
    r.delete(r.at(160)!);
    r.add(160, 32);
    assert.equal(r.bestFit(32)!.start, 320, 're-entered: now the newest of its size');
    assert.deepEqual(r.free(80, 16), { start: 16, size: 80, seq: 4 });
    assert.equal(r.blockCount, 3);
    assert.equal(r.freeBytes, 144);
    assert.equal(r.endingAt(192)!.start, 160);
    assert.equal(r.endingAt(191), undefined);
    assert.equal(r.overlapping(32, 16)!.start, 16);
    assert.equal(r.overlapping(96, 64), undefined);
    assert.equal(r.overlapping(96, 80)!.start, 160);
    r.clear();
    assert.equal(r.bestFit(16), undefined);
  });
});

describe('installFreeListOracle', () => {
  test('a correct FreeList passes: random frees, allocations, bump merges and clears (seed 7); reuse, unfit requests and frees are all judged', () => {
    const total: FreeListOracleStats = { reused: 0, unfit: 0, frees: 0, failure: null };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 320 })), { minLength: 60, maxLength: 150 }), (ops) => {
        const { list, stats } = judged();
        const used: [number, number][] = [];
        let bump = 16;
        for (const [what, units] of ops) {
          // Mostly small sizes (a few shared ones, so blocks get reused), a fifth up to 5120 bytes.
          const size = (units % 5 === 0 ? units : (units % 12) + 1) * 16;
          if (what === 0) {
            list.clear();
            used.length = 0;
            bump = 16;
          } else if (what < 5 || used.length === 0) {
            let s = list.alloc(size);
            if (s === 0) {
              s = bump;
              bump += size;
            }
            used.push([s, size]);
          } else {
            const [s, n] = used.splice(units % used.length, 1)[0]!;
            list.free(s, n);
            const t = list.takeBlockEndingAt(bump);
            if (t !== 0) bump = t;
          }
        }
        total.reused += stats.reused;
        total.unfit += stats.unfit;
        total.frees += stats.frees;
      }),
      { seed: 7, numRuns: 150 },
    );
    assert.ok(total.reused > 500 && total.unfit > 500 && total.frees > 500, JSON.stringify(total));
  });

  test('a block not handed out although one fits (large blocks forgotten): free-list, blamed on the op the runner names', () => {
    const list = judgedListOf(largeBlockForgettingDrc);
    list.free(16, 4112);
    const f = failureOf(() => list.alloc(16));
    assert.equal(f.oracle, 'free-list');
    assert.equal(f.opIndex, 7);
    assert.match(f.message, /expected the 4112-byte block at 16 .*got no block/);
  });

  test('the first failure is kept in the stats (the wasm engines rethrow it before their final collection)', () => {
    const { list, stats } = judged(new FreeList({ forgetLargeBlocks: true }));
    list.free(16, 4112);
    const f = failureOf(() => list.alloc(16));
    assert.equal(stats.failure, f);
    list.alloc(32);
    assert.equal(stats.failure, f, 'judging stopped at the first failure');
  });

  test('first fit instead of best fit among large blocks (firstFitLargeDrc)', () => {
    const list = judgedListOf(firstFitLargeDrc);
    list.free(16, 8192);
    list.free(8224, 4128);
    const f = failureOf(() => list.alloc(4128));
    assert.match(f.message, /expected the 4128-byte block at 8224 \(best fit.*got the 8192-byte block at 16/);
  });

  test('a block of exactly the requested size skipped (exactBlockSkippingIncremental)', () => {
    const list = judgedListOf(exactBlockSkippingIncremental);
    list.free(16, 32);
    list.free(64, 64);
    assert.match(failureOf(() => list.alloc(32)).message, /expected the 32-byte block at 16 .*got the 64-byte block at 64/);
  });

  test('a split that drops its remainder (remainderLeakingDrc)', () => {
    const list = judgedListOf(remainderLeakingDrc);
    list.free(16, 64);
    assert.match(failureOf(() => list.alloc(32)).message, /expected the remainder \[48, \+32\) kept free, got 0 free bytes there/);
  });

  test('a free that reports the wrong merged block, a wrong bump merge, and wrong totals', () => {
    const a = new FreeList();
    const free = a.free.bind(a);
    a.free = (s, n) => (free(s, n), s);
    judged(a);
    a.free(16, 16);
    assert.match(failureOf(() => a.free(32, 16)).message, /expected the block \[16, \+32\) \(merged with its free neighbours\), got \[32, \+0\)/);
    const b = new FreeList();
    b.takeBlockEndingAt = () => 0;
    judged(b);
    b.free(16, 16);
    assert.match(failureOf(() => b.takeBlockEndingAt(32)).message, /expected the block at 16, got none/);
    const c = new FreeList();
    Object.defineProperty(c, 'freeBytes', { get: () => 0 });
    judged(c);
    assert.match(failureOf(() => c.free(16, 16)).message, /expected 1 free blocks of 16 bytes, 0 allocations from large blocks, got 1 blocks of 0 bytes/);
  });

  test('a free overlapping a free block (a corrupt heap) stops judging until clear(); a list that already holds blocks is judged from its clear()', () => {
    const { list, stats } = judged();
    list.free(16, 64);
    list.free(48, 64); // overlaps [16, +64): the reference cannot follow
    list.takeBlockEndingAt(9999);
    assert.equal(stats.frees, 1);
    list.clear();
    list.free(16, 16);
    assert.equal(stats.frees, 2);
    const held = new FreeList();
    held.free(16, 16);
    const s2 = installFreeListOracle(heapOf(held))!;
    held.free(64, 16);
    assert.equal(s2.frees, 0);
    held.clear();
    held.free(64, 16);
    assert.equal(s2.frees, 1);
  });

  test('a heap without a free list gets no oracle', () => {
    const heap = builtinCollectors['null']!.newGcHeap({ types: new GcTypeRegistry(), initialBytes: 4096, maxBytes: 4096 });
    assert.equal(installFreeListOracle(heap), null);
  });

  test('seeded op cases: the oracle judges reuse, unfit requests and frees on DRC and incremental (and the runner\'s own copy agrees)', () => {
    const cases = fc.sample(opCaseArbitrary(), { seed: 1, numRuns: 15 });
    for (const name of ['drc', 'incremental'] as const) {
      const base = builtinCollectors[name]!;
      const all: FreeListOracleStats[] = [];
      const runtime: GcRuntime = { ...base, newGcHeap: (config) => { const h = base.newGcHeap(config); all.push(installFreeListOracle(h)!); return h; } };
      for (const c of cases) runOpCase(c, { collector: runtime, mode: 'lockstep' });
      const sum = (k: 'reused' | 'unfit' | 'frees'): number => all.reduce((a, s) => a + s[k], 0);
      assert.ok(sum('reused') > 100 && sum('unfit') > 100 && sum('frees') > 100, `${name}: ${sum('reused')} reused, ${sum('unfit')} unfit, ${sum('frees')} frees`);
    }
  });
});
