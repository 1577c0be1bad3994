import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FreeList } from '../../src/runtime/freeList';
import { InvariantError } from '../../src/errors/InvariantError';

describe('FreeList', () => {
  test('best fit picks the smallest block that fits and splits it', () => {
    const f = new FreeList();
    f.free(16, 64);
    f.free(160, 32);
    f.free(320, 8192);
    assert.equal(f.alloc(32), 160);
    assert.equal(f.alloc(48), 16);
    assert.equal(f.blockAt(64), 16, 'remainder kept');
    assert.equal(f.alloc(4992), 320);
    assert.equal(f.blockAt(5312), 3200);
    assert.throws(() => f.alloc(24), InvariantError);
    assert.equal(f.alloc(9008), 0);
    f.verify(16, 100_000);
  });

  test('largeAllocs counts allocations served from the large set; the forgetLargeBlocks seam keeps large blocks out of it (verify says so)', () => {
    const f = new FreeList();
    f.free(16, 4096);
    f.free(8192, 4112);
    assert.equal(f.alloc(4096), 16, 'exactly SMALL_LIMIT: its size class');
    assert.equal(f.largeAllocs, 0);
    assert.equal(f.alloc(16), 8192, 'split from the only (large) block');
    assert.equal(f.largeAllocs, 1);
    f.verify(16, 100_000);
    const broken = new FreeList({ forgetLargeBlocks: true });
    broken.free(16, 4112);
    assert.equal(broken.alloc(16), 0, 'never reused');
    assert.throws(() => broken.verify(16, 100_000), /missing from its size class/);
  });

  test('coalesces with both neighbours; takeBlockEndingAt hands the tail back to the bump region', () => {
    const f = new FreeList();
    f.free(16, 16);
    f.free(48, 16);
    assert.equal(f.blockCount, 2);
    assert.equal(f.free(32, 16), 16);
    assert.equal(f.blockCount, 1);
    assert.equal(f.blockAt(16), 48);
    assert.equal(f.takeBlockEndingAt(64), 16);
    assert.equal(f.blockCount, 0);
  });

  test('verify rejects adjacent, overlapping and bump-touching blocks', () => {
    const adj = new FreeList() as unknown as { add(s: number, n: number): void; verify(a: number, b: number): void };
    adj.add(16, 16);
    adj.add(32, 16);
    assert.throws(() => adj.verify(16, 1000), InvariantError);
    const touching = new FreeList();
    touching.free(16, 32);
    assert.throws(() => touching.verify(16, 48), InvariantError);
  });

  test('property: random frees and allocs keep the list sorted, coalesced and consistent (seed 42)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 300 })), { maxLength: 200 }), (ops) => {
        const f = new FreeList();
        const used: [number, number][] = [];
        let bump = 16;
        for (const [isAlloc, units] of ops) {
          const size = units * 16;
          if (isAlloc || used.length === 0) {
            let s = f.alloc(size);
            if (s === 0) {
              s = bump;
              bump += size;
            }
            for (const [u, n] of used) assert.ok(s + size <= u || u + n <= s, 'no overlap with live blocks');
            used.push([s, size]);
          } else {
            const [s, n] = used.splice(units % used.length, 1)[0]!;
            f.free(s, n);
            const t = f.takeBlockEndingAt(bump);
            if (t !== 0) bump = t;
          }
          f.verify(16, bump);
        }
        const live = used.reduce((a, [, n]) => a + n, 0);
        assert.equal(live + f.freeBytes, bump - 16);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
