import assert from 'node:assert/strict';
import test from 'node:test';
import { checkEnterWasm, checkIncrementalCall, checkSliceCall, checkZealCall, checkZealRun, installStoreCallsOracle, type EnterWasmCall, type IncrementalCall, type SliceCall, type ZealCall } from '../../oracles/installStoreCallsOracle';
import { InvariantError } from '../../src/errors/InvariantError';
import { OracleFailure } from '../../oracles/OracleFailure';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { Store } from '../../src/runtime/store';

const failsWith = (re: RegExp) => (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'stack-roots-trigger' && /the store entering Wasm/.test(e.message) && re.test(e.message);

test('store calls: a correct store passes on every collector, and DRC collects on entering Wasm', () => {
  for (const c of Object.values(builtinCollectors)) {
    const s = new Store({ collector: c, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, stackRootsTriggerFloor: 4 });
    installStoreCallsOracle(s, undefined);
    const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
    for (let i = 0; i < 30; i++) {
      const r = s.allocArray(arr, 1);
      s.enterWasm(3);
      s.heap.exposeGcRefToWasm(r);
      if (i % 5 === 0) {
        s.enterNoGcScope();
        s.enterWasm(2);
        s.exitNoGcScope();
      }
    }
    if (c === builtinCollectors.drc) assert.ok(s.gcTriggerCounts.enterWasm > 0, 'DRC collected on entering Wasm');
  }
});

test('store calls: each enterWasm promise fails on its own violation', () => {
  const call = (c: Partial<EnterWasmCall>): EnterWasmCall => ({ refs: 2, outside: true, answer: false, triggerBefore: 3, triggerAfter: 3, collectionsBefore: 5, collectionsAfter: 5, ...c });
  checkEnterWasm(call({}), 1);
  checkEnterWasm(call({ answer: true, triggerAfter: 4, collectionsAfter: 6 }), 1);
  checkEnterWasm(call({ answer: true, triggerAfter: 4, collectionsAfter: 7 }), 1);
  checkEnterWasm(call({ outside: false, answer: null }), 1);
  assert.throws(() => checkEnterWasm(call({ answer: null }), 1), failsWith(/to ask the heap/));
  assert.throws(() => checkEnterWasm(call({ answer: true }), 1), failsWith(/got 0 trigger\(s\), 0 collection/));
  assert.throws(() => checkEnterWasm(call({ answer: true, triggerAfter: 4 }), 1), failsWith(/got 1 trigger\(s\), 0 collection/));
  assert.throws(() => checkEnterWasm(call({ answer: true, collectionsAfter: 6 }), 1), failsWith(/got 0 trigger\(s\), 1 collection/));
  assert.throws(() => checkEnterWasm(call({ answer: false, triggerAfter: 4, collectionsAfter: 6 }), 1), failsWith(/no enterWasm trigger/));
});

test('store calls: the installed check sees a store that ignores "collect first" (the skipEnterWasmGc seam)', () => {
  const broken = { ...builtinCollectors.drc, name: 'enter-wasm-skipping', storeFaults: { skipEnterWasmGc: true } };
  const s = new Store({ collector: broken, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, stackRootsTriggerFloor: 4 });
  installStoreCallsOracle(s, undefined, () => 9);
  const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  assert.throws(() => {
    for (let i = 0; i < 30; i++) {
      const r = s.allocArray(arr, 1);
      s.enterWasm(3);
      s.heap.exposeGcRefToWasm(r);
    }
  }, (e: unknown) => failsWith(/one enterWasm trigger/)(e) && (e as OracleFailure).message.includes('op 9'));
});

const zealFails = (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'accounting' && /store calls, incremental zeal/.test(e.message);

/** Allocations, handle writes and drops, no-GC scopes, explicit slices and a reset, on a store with an incremental zeal. */
function mutate(s: Store): void {
  const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  for (let round = 0; round < 4; round++) {
    const h = s.root(s.allocArray(arr, 3), true);
    for (let i = 0; i < 25; i++) {
      const r = s.allocArray(arr, i % 5);
      if (i % 3 === 0) s.set(h, r);
      if (i % 7 === 0) s.drop(s.root(r));
      if (i % 11 === 0) {
        s.enterNoGcScope();
        s.allocArray(arr, 1);
        if (s.incrementalOpen) s.sliceIncremental(1);
        s.exitNoGcScope();
      }
    }
    if (round === 2) s.reset();
  }
}

test('store calls: a correct store with an incremental zeal passes (every 1, 2, 3), and the zeal is judged', () => {
  for (const every of [1, 2, 3]) {
    const s = new Store({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: { every, maxBudget: 4, seed: 7 } });
    installStoreCallsOracle(s, { every, maxBudget: 4, seed: 7 });
    mutate(s);
    assert.ok(s.gcTriggerCounts.incrementalZeal > 0);
  }
  const off = new Store({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
  installStoreCallsOracle(off, null);
  mutate(off);
});

test('store calls: a zeal run with no action fails; a shorter run, or one with an action, passes', () => {
  checkZealRun({ every: 2, calls: 2, actionsBefore: 4, actionsAfter: 5 }, 1);
  checkZealRun({ every: 3, calls: 2, actionsBefore: 4, actionsAfter: 4 }, 1);
  assert.throws(() => checkZealRun({ every: 2, calls: 2, actionsBefore: 4, actionsAfter: 4 }, 1), zealFails);
});

test('store calls: the zeal schedule from above: two consecutive acting ticks under a period of 2 or more, or a collection opened over an open one, fail', () => {
  const call = (c: Partial<ZealCall>): ZealCall => ({ every: 2, consecutive: true, previousActed: true, acted: false, openBefore: true, opened: 0, ...c });
  checkZealCall(call({}), 1);
  checkZealCall(call({ every: 1, acted: true }), 1);
  checkZealCall(call({ consecutive: false, acted: true }), 1);
  checkZealCall(call({ previousActed: false, acted: true, openBefore: false, opened: 1 }), 1);
  assert.throws(() => checkZealCall(call({ acted: true }), 1), (e: unknown) => zealFails(e) && /at most one incremental zeal action in 2 allocation calls/.test((e as Error).message));
  assert.throws(() => checkZealCall(call({ opened: 1 }), 1), (e: unknown) => zealFails(e) && /incrementalZeal \+0 \(a collection was open\)/.test((e as Error).message));
  assert.throws(() => checkZealCall(call({ openBefore: false, opened: 2 }), 1), (e: unknown) => zealFails(e) && /incrementalZeal \+1/.test((e as Error).message));
  // A store whose zeal ignores its period (it acts at every tick, as with every 1) while its
  // configuration says every 2.
  const s = new Store({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: { every: 1, maxBudget: 4, seed: 7 } });
  installStoreCallsOracle(s, { every: 2, maxBudget: 4, seed: 7 }, () => 3);
  assert.throws(() => mutate(s), (e: unknown) => zealFails(e) && /at most one incremental zeal action/.test((e as Error).message) && (e as Error).message.includes('op 3'));
});

test('store calls: the installed check sees a store that runs no incremental zeal (the skipIncrementalZeal seam)', () => {
  const broken = { ...builtinCollectors.incremental, name: 'zeal-less', storeFaults: { skipIncrementalZeal: true } };
  const s = new Store({ collector: broken, initialHeapBytes: 4096, maxHeapBytes: 1 << 16 });
  installStoreCallsOracle(s, undefined, () => 5);
  assert.throws(() => mutate(s), (e: unknown) => zealFails(e) && (e as OracleFailure).message.includes('op 5'));
});

test('store calls: sliceIncremental and gcStep each run one heap slice on a correct store, inside no-GC scopes only marking', () => {
  const s = new Store({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
  installStoreCallsOracle(s, null);
  const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  for (let i = 0; i < 40; i++) s.root(s.allocArray(arr, 2));
  s.sliceIncremental(1);
  let steps = 0;
  while (!s.gcStep(2)) steps++;
  assert.ok(steps > 0);
  for (let round = 0; round < 3; round++) {
    s.openIncremental();
    s.enterNoGcScope();
    for (let i = 0; i < 5; i++) s.sliceIncremental(1);
    s.exitNoGcScope();
    while (s.incrementalOpen) s.sliceIncremental(3);
  }
});

test('store calls: each slice promise fails on its own violation, and a store whose slices do nothing is caught', () => {
  const fails = (re: RegExp) => (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'accounting' && /store calls, (sliceIncremental|gcStep)/.test(e.message) && re.test(e.message);
  const call = (c: Partial<SliceCall>): SliceCall => ({ call: 'sliceIncremental', openBefore: true, inNoGc: false, slices: 1, completed: 0, cycles: 0, openAfter: true, ...c });
  const step = (c: Partial<SliceCall>): SliceCall => call({ call: 'gcStep', returned: false, stepTriggers: 0, sliced: 1, ...c });
  checkSliceCall(call({}), 1);
  checkSliceCall(call({ completed: 1, cycles: 1, openAfter: false }), 1);
  checkSliceCall(call({ openBefore: false, slices: 0, openAfter: false }), 1);
  checkSliceCall(step({ openBefore: false, stepTriggers: 1 }), 1);
  checkSliceCall(step({}), 1);
  checkSliceCall(step({ completed: 1, cycles: 1, openAfter: false, returned: true, sliced: 0 }), 1);
  checkSliceCall(step({ openBefore: false, stepTriggers: 1, completed: 1, cycles: 1, openAfter: false, returned: true, sliced: 0 }), 1);
  checkSliceCall(call({ inNoGc: true }), 1);
  assert.throws(() => checkSliceCall(call({ completed: 1, openAfter: false }), 1), fails(/incrementalCycles \+1/));
  assert.throws(() => checkSliceCall(call({ cycles: -1 }), 1), fails(/incrementalCycles \+0/));
  assert.throws(() => checkSliceCall(step({ returned: true }), 1), fails(/false returned/));
  assert.throws(() => checkSliceCall(step({ completed: 1, cycles: 1, openAfter: false, sliced: 0 }), 1), fails(/true returned/));
  assert.throws(() => checkSliceCall(step({ completed: 1, cycles: 1, openAfter: true, returned: true, sliced: 0 }), 1), fails(/true returned, none open/));
  assert.throws(() => checkSliceCall(step({ sliced: 0 }), 1), fails(/sliced \+1/));
  assert.throws(() => checkSliceCall(step({ stepTriggers: 1 }), 1), fails(/gcStep \+0 \(a collection was open\)/));
  assert.throws(() => checkSliceCall(step({ openBefore: false }), 1), fails(/gcStep \+1 \(a collection was not open\)/));
  assert.throws(() => checkSliceCall(call({ slices: 0 }), 1), fails(/expected 1 heap slice/));
  assert.throws(() => checkSliceCall(call({ slices: 2 }), 1), fails(/expected 1 heap slice/));
  assert.throws(() => checkSliceCall(call({ openBefore: false, openAfter: false }), 1), fails(/expected 0 heap slice/));
  assert.throws(() => checkSliceCall(call({ call: 'gcStep', openBefore: false, slices: 0 }), 1), fails(/expected 1 heap slice/));
  assert.throws(() => checkSliceCall(call({ inNoGc: true, completed: 1, openAfter: false }), 1), fails(/marking-only slice/));
  assert.throws(() => checkSliceCall(call({ inNoGc: true, openAfter: false }), 1), fails(/marking-only slice/));
  class IdleSliceStore extends Store {
    override sliceIncremental(_budget: number): void {}
  }
  const s = new IdleSliceStore({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
  installStoreCallsOracle(s, null);
  s.openIncremental();
  assert.throws(() => s.sliceIncremental(1), fails(/expected 1 heap slice/));
  // A store whose gc_step reports every slice as the last: Wasm would resume believing the
  // collection done while marking is still open.
  class EagerStepStore extends Store {
    override gcStep(budget: number): boolean {
      super.gcStep(budget);
      return true;
    }
  }
  const e = new EagerStepStore({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
  installStoreCallsOracle(e, null);
  const arr = e.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  for (let i = 0; i < 20; i++) e.root(e.allocArray(arr, 2));
  assert.throws(() => e.gcStep(1), fails(/false returned, the collection still open/));
});

test('store calls: the explicit incremental API passes on every collector (inside no-GC scopes it throws), and each promise fails on its own violation', () => {
  for (const c of Object.values(builtinCollectors)) {
    const s = new Store({ collector: c, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
    installStoreCallsOracle(s, null);
    const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
    for (let i = 0; i < 20; i++) s.root(s.allocArray(arr, 2));
    for (let round = 0; round < 3; round++) {
      s.openIncremental();
      s.openIncremental();
      s.enterNoGcScope();
      assert.throws(() => s.openIncremental(), InvariantError);
      assert.throws(() => s.finishIncremental(), InvariantError);
      s.dropIncremental();
      s.exitNoGcScope();
      s.openIncremental();
      if (round === 1) s.dropIncremental();
      s.finishIncremental();
      s.finishIncremental();
      s.dropIncremental();
    }
  }
  const fails = (re: RegExp) => (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'accounting' && /store calls, (open|finish|drop)Incremental/.test(e.message) && re.test(e.message);
  const call = (c: Partial<IncrementalCall>): IncrementalCall => ({ call: 'openIncremental', concurrent: true, inNoGc: false, openBefore: false, openAfter: true, returned: true, explicit: 1, dropped: 0, completed: 0, cycles: 0, ...c });
  checkIncrementalCall(call({}), 1);
  checkIncrementalCall(call({ openBefore: true, explicit: 0 }), 1);
  checkIncrementalCall(call({ concurrent: false, openAfter: false, returned: false, explicit: 0 }), 1);
  checkIncrementalCall(call({ call: 'finishIncremental', openBefore: true, openAfter: false, explicit: 0, completed: 1, cycles: 1 }), 1);
  assert.throws(() => checkIncrementalCall(call({ call: 'finishIncremental', openBefore: true, openAfter: false, explicit: 0, completed: 1 }), 1), fails(/incrementalCycles \+1/));
  checkIncrementalCall(call({ call: 'finishIncremental', openAfter: false, returned: false, explicit: 0 }), 1);
  checkIncrementalCall(call({ call: 'dropIncremental', openBefore: true, openAfter: false, returned: undefined, explicit: 0, dropped: 1 }), 1);
  checkIncrementalCall(call({ call: 'dropIncremental', inNoGc: true, openAfter: false, returned: undefined, explicit: 0 }), 1);
  assert.throws(() => checkIncrementalCall(call({ inNoGc: true }), 1), fails(/an InvariantError/));
  assert.throws(() => checkIncrementalCall(call({ call: 'finishIncremental', inNoGc: true, openAfter: false, returned: false, explicit: 0 }), 1), fails(/an InvariantError/));
  assert.throws(() => checkIncrementalCall(call({ openAfter: false, returned: undefined, explicit: 0 }), 1), fails(/true returned, a collection open, explicit \+1/));
  assert.throws(() => checkIncrementalCall(call({ explicit: 0 }), 1), fails(/explicit \+1/));
  assert.throws(() => checkIncrementalCall(call({ concurrent: false, returned: false, explicit: 0 }), 1), fails(/false returned, nothing opened/));
  assert.throws(() => checkIncrementalCall(call({ call: 'finishIncremental', openBefore: true, openAfter: false, explicit: 0 }), 1), fails(/completed \+1/));
  assert.throws(() => checkIncrementalCall(call({ call: 'finishIncremental', openBefore: true, openAfter: true, explicit: 0, completed: 1, cycles: 1 }), 1), fails(/none open/));
  assert.throws(() => checkIncrementalCall(call({ call: 'dropIncremental', openBefore: true, openAfter: false, returned: undefined, explicit: 0 }), 1), fails(/dropped \+1/));
  assert.throws(() => checkIncrementalCall(call({ call: 'dropIncremental', openAfter: false, returned: undefined, explicit: 0, dropped: 1 }), 1), fails(/dropped \+0/));
});
