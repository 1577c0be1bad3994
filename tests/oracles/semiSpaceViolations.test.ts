import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { SandboxError } from '../../src/errors/SandboxError';
import { semiSpaceViolations } from '../../oracles/checkSandbox';
import { staleReadingCopying } from '../brokenCollectors/staleReadingCopying';
import type { GcRuntime } from '../../src/runtime/gcHeap';

/** A copying store whose one rooted externref moved to the upper space, and the ref it had before. */
function movedOnce(collector: GcRuntime): { store: Store; old: number } {
  const store = new Store({ collector });
  const h = store.root(store.allocExternref('x'), true);
  const old = store.get(h);
  store.gc();
  return { store, old };
}

test('semiSpaceViolations: an aligned in-bounds ref outside [activeStart, bump) of a copying heap is freed or bad header', () => {
  const { store, old } = movedOnce(builtinCollectors.copying);
  const heap = store.heap;
  const c = heap.stats().counters;
  assert.ok(old < c['activeStart']!);
  assert.deepEqual(semiSpaceViolations(heap, old), ['freed', 'bad header']);
  assert.deepEqual(semiSpaceViolations(heap, c['bumpPointer']!), ['freed', 'bad header']);
  // Decided elsewhere: inside the active space, null, misaligned, past the bound; not a copying heap.
  assert.equal(semiSpaceViolations(heap, c['activeStart']!), null);
  assert.equal(semiSpaceViolations(heap, 0), null);
  assert.equal(semiSpaceViolations(heap, old + 8), null);
  assert.equal(semiSpaceViolations(heap, heap.vmctxGcHeapBound() - 16), null);
  assert.equal(semiSpaceViolations(new Store({ collector: builtinCollectors.drc }).heap, 16), null);
  // The copying heap keeps the promise: the old copy is 'freed'.
  assert.throws(() => heap.headerKind(old), (e: unknown) => e instanceof SandboxError && e.violation === 'freed');
});

test('semiSpaceViolations: the stale-reading copying heap (tests/brokenCollectors) reads the old copy instead', () => {
  const { store, old } = movedOnce(staleReadingCopying);
  assert.deepEqual(semiSpaceViolations(store.heap, old), ['freed', 'bad header']);
  assert.doesNotThrow(() => store.heap.headerKind(old));
});
