import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { SandboxError } from '../../src/errors/SandboxError';
import { Store } from '../../src/runtime/store';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { insertWithGcDrc } from './insertWithGcDrc';
import { assertReplayStillFails, fuzzOpsWith, fuzzWasmWith } from './fuzzWasmWith';

/** A host function returning two new externrefs to Wasm in one transition, as the interpreter's `callHost` does it; returns the two refs Wasm received. */
function handTwo(collector: GcRuntime): { store: Store; refs: number[] } {
  const store = new Store({ collector, stackRootsTriggerFloor: 1 });
  store.gc(); // the seam collects with the store's roots list, known after a first collection
  const mark = store.enterScope();
  const hs = [store.root(store.allocExternref({ id: 1 })), store.root(store.allocExternref({ id: 2 }))];
  store.enterWasm(2);
  const refs = hs.map((h) => store.get(h));
  for (const r of refs) store.heap.readBarrierToWasm(r);
  store.exitScope(mark);
  return { store, refs };
}

test('the correct DRC makes room for every ref of a transition first; the insertWithGc seam frees the first ref while the second is inserted', () => {
  const ok = handTwo(builtinCollectors.drc);
  for (const r of ok.refs) assert.equal(ok.store.heap.externrefHostData(r) > 0, true);
  assert.equal(ok.store.gcTriggerCounts.enterWasm, 1, 'the correct DRC collects once, before the refs are exposed');
  const bad = handTwo(insertWithGcDrc);
  assert.equal(bad.store.gcTriggerCounts.enterWasm, 0, 'no capacity check before the transition');
  assert.throws(() => bad.store.heap.headerKind(bad.refs[0]!), SandboxError, 'the first ref was freed');
  assert.doesNotThrow(() => bad.store.heap.headerKind(bad.refs[1]!), 'the second ref is listed after the collection');
});

/**
 * Through the CLI the first symptom is now the stack-roots trigger oracle (session 8): the seam's
 * `needGcBeforeEnteringWasm` says no where DRC's policy forces a collection before the transition,
 * which is this bug's cause; the use after free it leads to (test 1 above) would come later in
 * the run (it was `dangling` at wasm run 33, and dangling or an unlisted stack root on the ops
 * target, before that oracle).
 */
test('insertWithGcDrc (CVE-2021-39216): the wasm target reports the transition that does not make room first (stack-roots-trigger) within 150 runs of seed 1 and the reproducer replays', () => {
  const { f } = fuzzWasmWith('insertWithGcDrc', 150);
  assert.equal(f.oracle, 'stack-roots-trigger', JSON.stringify(f));
  assert.ok(f.run < 150);
  assert.match(f.message, /expected a collection first/);
  assertReplayStillFails(f.reproducer);
});

test('insertWithGcDrc (CVE-2021-39216): the ops target reports the transition that does not make room first (stack-roots-trigger) within 150 runs of seed 1 and the reproducer replays', () => {
  const { f } = fuzzOpsWith('insertWithGcDrc', 150);
  assert.equal(f.oracle, 'stack-roots-trigger', JSON.stringify(f));
  assert.ok(f.run < 150);
  assert.match(f.message, /expected a collection first/);
  assertReplayStillFails(f.reproducer);
});
