import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';

test('allocation slow path: a heap near its maximum grows by what the request lacks when the whole request would overshoot it', () => {
  // Found by the ops target's exact-fill lengths (seed 2): the copying heap grown to a 2016-byte
  // semi-space (4080 at most with an 8192-byte maximum) failed a 2032-byte array on an empty heap,
  // since growing by the whole 2072-byte request would pass the maximum.
  for (const c of Object.values(builtinCollectors)) {
    const s = new Store({ collector: c, initialHeapBytes: 2048, maxHeapBytes: 8192 });
    const node = s.types.register({ kind: 'struct', fields: [{ storage: 'i64', mutable: true }] });
    const arr = s.types.register({ kind: 'array', element: { storage: 'i64', mutable: true } });
    for (let i = 0; i < 60; i++) s.root(s.allocStruct(node), true);
    s.reset();
    const cap = s.heap.stats().capacityBytes;
    s.allocArray(arr, 251);
    if (c.name === 'copying') assert.ok(cap < 2032 && s.heap.stats().capacityBytes >= 2032, `${c.name}: ${cap}`);
  }
});

test('allocation slow path: growth reaches the maximum itself, so a block that fits only the whole maximum heap is allocated', () => {
  // Every earlier growth attempt asks for the request's estimate (largest header + 32 bytes), so an
  // empty DRC heap of 4096 bytes (maximum 65536) refused an i8 array of 65,492 elements, whose
  // 65,520-byte block fills the maximum past the null granule. The largest length is measured on
  // a store that starts at the maximum, so the test does not share the growth arithmetic.
  const max = 1 << 16;
  for (const c of Object.values(builtinCollectors)) {
    for (const storage of ['i8', 'i64'] as const) {
      const fits = (initialHeapBytes: number, length: number): boolean => {
        const s = new Store({ collector: c, initialHeapBytes, maxHeapBytes: max });
        const arr = s.types.register({ kind: 'array', element: { storage, mutable: true } });
        try {
          s.allocArray(arr, length);
          return true;
        } catch (e) {
          if (e instanceof OutOfMemoryError) return false;
          throw e;
        }
      };
      let lo = 0;
      let hi = max;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (fits(max, mid)) lo = mid;
        else hi = mid - 1;
      }
      if (c.name === 'drc' && storage === 'i8') assert.equal(lo, 65_492);
      assert.ok(fits(4096, lo), `${c.name} ${storage}: ${lo} elements fit a heap that starts at the maximum but not one grown from 4096 bytes`);
      assert.ok(!fits(4096, lo + 1), `${c.name} ${storage}: ${lo + 1} elements`);
    }
  }
});
