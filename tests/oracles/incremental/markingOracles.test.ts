import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GcRuntime, MarkingView } from '../../../src/runtime/gcHeap';
import { Store } from '../../../src/runtime/store';
import { incrementalZealVariant } from '../../../src/runtime/collectors/builtinCollectors';
import { installMarkingOracles } from '../../../oracles/incremental/installMarkingOracles';
import { markFromRoots, referrerChain } from '../../../oracles/incremental/referrerChain';
import { registerTestTypes } from '../../runtime/testTypes';
import { failureOf } from '../failureOf';
import noFieldBarrier from '../../brokenCollectors/incrementalNoFieldBarrier';
import whiteAllocation from '../../brokenCollectors/incrementalWhiteAllocation';

/** The incremental collector without zeal: these tests drive every slice by hand. */
const correct = incrementalZealVariant('incremental:0')!;

function setup(collector: GcRuntime) {
  const store = new Store({ collector, incrementalZeal: null, zeal: { poison: true, checks: true } });
  const stats = installMarkingOracles(store.heap);
  assert.ok(stats !== null);
  return { store, heap: store.heap, T: registerTestTypes(store.types), stats };
}

/** A -> B held only through A's field 1; marking starts, A's field is cleared before anything is scanned. */
function clearFieldWhileMarking(collector: GcRuntime): { store: Store; finish: () => void } {
  const { store, heap, T } = setup(collector);
  const a = store.root(store.allocStruct(T.node));
  const b = store.allocStruct(T.node);
  heap.structSet(store.hostData, store.get(a), 1, b);
  const gc = store.startGc();
  heap.setMutatorStep!({ index: 7, label: 'op 7 (writeRef)' });
  heap.structSet(store.hostData, store.get(a), 1, 0);
  return { store, finish: () => gc.collect() };
}

test('snapshot-edges: a missing field barrier is named by slot, object and the op that removed the edge', () => {
  const f = failureOf(clearFieldWhileMarking(noFieldBarrier).finish);
  assert.equal(f.oracle, 'snapshot-edges');
  assert.equal(f.opIndex, 7);
  assert.match(f.actual, /^field 1 of struct \d+ \(type \d+\) lost its edge to unmarked struct/);
  assert.match(f.detail, /removed by op 7 \(writeRef\) \(field write\)/);
});

test('snapshot-edges: the correct collector shades the old target, and the removed edge is floating garbage', () => {
  const { store, finish } = clearFieldWhileMarking(correct);
  finish();
  assert.equal(store.heap.stats().objectCount, 2, 'B survives this cycle (floating garbage)');
  store.gc();
  assert.equal(store.heap.stats().objectCount, 1, 'and the next full collection frees it');
});

/** A is black, then a new object is stored in it while marking is open. */
function storeNewIntoBlack(collector: GcRuntime): () => void {
  const { store, heap, T } = setup(collector);
  const a = store.root(store.allocStruct(T.node));
  const gc = store.startGc();
  gc.markSlice!(100);
  const n = store.allocStruct(T.node);
  heap.structSet(store.hostData, store.get(a), 2, n);
  return () => gc.collect();
}

test('closure: an object allocated white and stored into a black one is reported with its slot', () => {
  const f = failureOf(storeNewIntoBlack(whiteAllocation));
  assert.equal(f.oracle, 'closure');
  assert.match(f.actual, /^marked struct \d+ \(type \d+\) field 2 -> unmarked struct \d+/);
  assert.match(f.detail, /path: root handle slot 0 -> struct \d+ \(type \d+\) \.field 2 -> struct/);
  storeNewIntoBlack(correct)();
});

/** A new object only a new handle holds. */
function rootNewObject(collector: GcRuntime): () => void {
  const { store, T } = setup(collector);
  store.root(store.allocStruct(T.node));
  const gc = store.startGc();
  gc.markSlice!(1);
  store.root(store.allocStruct(T.node));
  return () => gc.collect();
}

test('containment: a reachable object the incremental mark missed fails with its path from a root', () => {
  const f = failureOf(rootNewObject(whiteAllocation));
  assert.equal(f.oracle, 'containment');
  assert.match(f.actual, /reachable but unmarked at the end of marking/);
  assert.match(f.detail, /path: root handle slot 1 -> struct \d+/);
  rootNewObject(correct)();
});

test('containment counts floating garbage without failing', () => {
  const { store, heap, T, stats } = setup(correct);
  const a = store.root(store.allocStruct(T.node));
  heap.structSet(store.hostData, store.get(a), 1, store.allocStruct(T.node));
  const gc = store.startGc();
  gc.markSlice!(100);
  heap.structSet(store.hostData, store.get(a), 1, 0);
  gc.collect();
  assert.equal(stats!.verified, 1);
  assert.equal(stats!.floatingGarbage, 1);
});

test('referrer chain: the path from a root through fields and elements', () => {
  const { store, heap, T } = setup(correct);
  let path = '';
  heap.setMarkingVerifier!({
    end(view: MarkingView) {
      const reached = markFromRoots(view);
      const target = heap.arrayGet(heap.structGet(store.get(h), 2) as number, 1) as number;
      path = referrerChain(view, reached, target);
    },
  });
  const h = store.root(store.allocStruct(T.node));
  const arr = store.allocArray(T.refs, 3);
  heap.structSet(store.hostData, store.get(h), 2, arr);
  heap.arraySet(store.hostData, arr, 1, store.allocExternref('leaf'));
  const gc = store.startGc();
  store.allocStruct(T.node); // the mutator runs while marking is open
  gc.collect();
  assert.match(path, /^root handle slot 0 -> struct \d+ \(type \d+\) \.field 2 -> array \d+ \(type \d+\) \.element 1 -> externref \d+$/);
});
