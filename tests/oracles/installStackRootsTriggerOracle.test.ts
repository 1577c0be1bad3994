import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { installStackRootsTriggerOracle } from '../../oracles/installStackRootsTriggerOracle';
import { triggerIgnoringDrc } from '../brokenCollectors/triggerIgnoringDrc';
import { eagerTriggerDrc } from '../brokenCollectors/eagerTriggerDrc';
import { eagerTriggerNull } from '../brokenCollectors/eagerTriggerNull';
import { eagerTriggerCopying } from '../brokenCollectors/eagerTriggerCopying';
import { failureOf } from './failureOf';

/**
 * Host calls into Wasm, each handing `perCall` fresh externrefs that the frame keeps until the
 * end (so every listed ref stays marked and the list only grows): the store's `enterWasm`, then
 * each ref's read barrier, as the interpreter's `invoke` does.
 */
function transitions(collector: GcRuntime, floor: number, calls: number, perCall: number) {
  const store = new Store({ collector, initialHeapBytes: 1 << 16, maxHeapBytes: 1 << 20, stackRootsTriggerFloor: floor });
  const stats = installStackRootsTriggerOracle(store.heap, floor, () => 7)!;
  const frame: number[] = [];
  store.addRootProvider((roots) => frame.forEach((_, i) => roots.addWasmStackRoot(frame, i)));
  let id = 0;
  for (let k = 0; k < calls; k++) {
    const mark = store.enterScope();
    const hs = Array.from({ length: perCall }, () => store.root(store.allocExternref({ id: id++ })));
    store.enterWasm(perCall);
    for (const h of hs) {
      const r = store.get(h);
      store.heap.readBarrierToWasm(r);
      frame.push(r);
    }
    store.exitScope(mark);
  }
  return { store, stats };
}

test('stack-roots trigger: the correct DRC meets both directions of its policy (forced past max(2A, floor), never below the floor)', () => {
  const { store, stats } = transitions(builtinCollectors.drc, 4, 12, 2);
  assert.equal(stats.failure, null);
  assert.equal(stats.judged, 12);
  assert.ok(stats.forced >= 3, `forced ${stats.forced}`);
  assert.ok(stats.belowFloor >= 1, `below floor ${stats.belowFloor}`);
  assert.equal(store.gcTriggerCounts.enterWasm, stats.forced, 'every forced answer collected, and nothing else did');
  // Every frame ref survives: the list keeps them, so after each collection A grows and so does the trigger.
  assert.equal(store.heap.stats().counters['stackRootsListLengthAfterGc']! >= 8, true);
});

test('stack-roots trigger: a trigger that never fires fails once the list would pass max(2A, floor); one that always fires fails below the floor', () => {
  const never = failureOf(() => transitions(triggerIgnoringDrc, 4, 12, 2));
  assert.equal(never.oracle, 'stack-roots-trigger');
  assert.equal(never.opIndex, 7);
  assert.match(never.message, /expected a collection first: 4 \+ 2 refs pass max\(2 x 0, 4\) = 4, got no collection/);
  const eager = failureOf(() => transitions(eagerTriggerDrc, 4, 12, 2));
  assert.equal(eager.oracle, 'stack-roots-trigger');
  assert.match(eager.message, /expected no collection: 0 \+ 2 refs stay below the floor 4, got a collection/);
});

test('stack-roots trigger: heaps with no stack-roots list are judged on every answer, each "no collection"', () => {
  for (const name of ['null', 'copying', 'incremental'] as const) {
    const { store, stats } = transitions(builtinCollectors[name], 4, 12, 2);
    assert.equal(stats.failure, null, name);
    assert.equal(stats.judged, 12, name);
    assert.equal(stats.noList, 12, name);
    assert.equal(store.gcTriggerCounts.enterWasm, 0, name);
  }
  const drc = transitions(builtinCollectors.drc, 4, 12, 2).stats;
  assert.equal(drc.noList, 0);
});

test('stack-roots trigger: a null or copying heap that asks to collect before entering Wasm fails at its first answer', () => {
  for (const broken of [eagerTriggerNull, eagerTriggerCopying]) {
    const f = failureOf(() => transitions(broken, 4, 12, 2));
    assert.equal(f.oracle, 'stack-roots-trigger', broken.name);
    assert.equal(f.opIndex, 7);
    assert.match(f.message, /expected no collection: this collector keeps no stack-roots list.*got a collection \(answer true\)/);
  }
});
