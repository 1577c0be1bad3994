import assert from 'node:assert/strict';
import test from 'node:test';
import { checkNullOutOfMemory, nullArrayBlock } from '../../oracles/checkNullOutOfMemory';
import { OracleFailure } from '../../oracles/OracleFailure';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { Store } from '../../src/runtime/store';
import { doublingOnlyNull } from '../brokenCollectors/doublingOnlyNull';

// Not a power of two times the initial 4096 bytes: doubling never lands on it.
const MAX = 40000;

/** An i8 array of half the maximum (the heap grows past half of it), then one whose block ends exactly at the maximum; returns the second's OutOfMemoryError, or null when it was allocated. */
function fillToMax(collector: GcRuntime, extra: number): { store: Store; type: number; length: number; oom: OutOfMemoryError | null } {
  const store = new Store({ collector, initialHeapBytes: 4096, maxHeapBytes: MAX });
  const type = store.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  store.root(store.allocArray(type, 20000));
  const bump = 8 + store.heap.stats().usedBytes;
  let length = 0;
  while (nullArrayBlock(1, length + 1) <= MAX - bump) length++;
  length += extra;
  try {
    store.root(store.allocArray(type, length));
    return { store, type, length, oom: null };
  } catch (e) {
    if (!(e instanceof OutOfMemoryError)) throw e;
    return { store, type, length, oom: e };
  }
}

test('null out-of-memory: the block rule matches the null heap, and a correct store fills its maximum to the byte and refuses one element more', () => {
  for (const [storage, bytes] of [['i8', 1], ['i16', 2], ['i32', 4], ['i64', 8]] as const) {
    const s = new Store({ collector: builtinCollectors.null, initialHeapBytes: 1 << 16, maxHeapBytes: 1 << 16 });
    const t = s.types.register({ kind: 'array', element: { storage, mutable: true } });
    for (let n = 0; n < 20; n++) {
      const u = s.heap.stats().usedBytes;
      s.root(s.allocArray(t, n));
      assert.equal(s.heap.stats().usedBytes - u, nullArrayBlock(bytes, n), `${storage} x ${n}`);
    }
  }
  const fits = fillToMax(builtinCollectors.null, 0);
  assert.equal(fits.oom, null);
  assert.equal(8 + fits.store.heap.stats().usedBytes, MAX);
  const over = fillToMax(builtinCollectors.null, 1);
  assert.ok(over.oom !== null);
  checkNullOutOfMemory(over.store.heap, over.store.types, over.type, over.length, MAX, 3, over.oom.message);
});

test('null out-of-memory: a heap that grows only by doubling refuses an array that fits, and the judgement fails', () => {
  const r = fillToMax(doublingOnlyNull, 0);
  assert.ok(r.oom !== null, 'the broken heap refused the last growth');
  assert.throws(() => checkNullOutOfMemory(r.store.heap, r.store.types, r.type, r.length, MAX, 3, r.oom!.message), (e: unknown) => e instanceof OracleFailure && e.oracle === 'leak' && /null out-of-memory judgement/.test(e.message) && e.message.includes('op 3'));
  // Other collectors are left to the estimate.
  const drc = new Store({ collector: builtinCollectors.drc, initialHeapBytes: 4096, maxHeapBytes: MAX });
  checkNullOutOfMemory(drc.heap, drc.types, drc.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } }), 1, MAX, 3, 'none');
});
