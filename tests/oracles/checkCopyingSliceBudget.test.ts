import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCopyingSliceBudget, copyingSliceStart } from '../../oracles/checkCopyingSliceBudget';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { sliceOverrunCopying } from '../brokenCollectors/sliceOverrunCopying';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { Store } from '../../src/runtime/store';

/** A store on `collector` with budget 2, three rooted externrefs and one unrooted, collected slice by slice: the check's verdict. */
function collectAndJudge(collector: GcRuntime): [string, string] | null {
  const store = new Store({ collector, incrementBudget: 2 });
  for (let i = 0; i < 3; i++) store.root(store.allocExternref(i), true);
  store.allocExternref('garbage');
  const c = store.startGc();
  // The store's three handles are the roots: 3 forwarded + 3 scanned = 6 units, 3 slices of 2.
  const start = copyingSliceStart(store.heap, 3);
  assert.ok(start !== null);
  while (c.collectIncrement() !== 'complete');
  return checkCopyingSliceBudget(store.heap, start, 2);
}

test('a copying collection takes max(1, ceil((roots + copied) / budget)) slices', () => {
  assert.equal(collectAndJudge(builtinCollectors.copying), null);
  // No roots: one slice that copies nothing.
  const store = new Store({ collector: builtinCollectors.copying, incrementBudget: 2 });
  store.allocExternref('garbage');
  const c = store.startGc();
  const start = copyingSliceStart(store.heap, 0)!;
  c.collectIncrement();
  assert.equal(checkCopyingSliceBudget(store.heap, start, 2), null);
  // Only a copying heap is judged.
  assert.equal(copyingSliceStart(new Store({ collector: builtinCollectors.drc }).heap, 3), null);
});

test('slices that overrun the budget fail the check (tests/brokenCollectors/sliceOverrunCopying)', () => {
  const r = collectAndJudge(sliceOverrunCopying);
  assert.ok(r !== null);
  assert.match(r[0], /^3 slices for a copying collection of 3 roots and 3 objects copied, at 2 units per slice$/);
  assert.equal(r[1], '2 slices');
});
