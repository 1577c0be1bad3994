import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OracleFailure } from '../../oracles/OracleFailure';
import { checkReadNumeric, checkReadRef } from '../../oracles/checkReadValue';
import { checkHostData } from '../../oracles/checkHostData';
import { checkOpOutcome } from '../../oracles/checkOpOutcome';
import { checkForgeOutcome, checkTypedError } from '../../oracles/checkSandbox';
import { checkDifferential } from '../../oracles/checkDifferential';
import { checkIncrementalVsFull } from '../../oracles/checkIncrementalVsFull';
import { checkLeak } from '../../oracles/checkLeak';
import { checkHeapAgainstModel } from '../../oracles/checkHeapAgainstModel';
import { isOomAllowed } from '../../oracles/allowedDifferences';
import { OK, UNCOMPARED, obsError, obsNum, obsObject, sameObservation } from '../../oracles/observation';
import { ReferenceModel } from '../../oracles/referenceModel';
import { ModelObject } from '../../oracles/modelObject';
import { SandboxError } from '../../src/errors/SandboxError';
import { InvariantError } from '../../src/errors/InvariantError';
import { Trap } from '../../src/errors/Trap';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { refI31 } from '../../src/runtime/gcRef';
import type { StructType } from '../../src/runtime/gcTypes';

const fails = (oracle: string, fn: () => void): void => {
  assert.throws(fn, (e: unknown) => e instanceof OracleFailure && e.oracle === oracle && /expected .* got /.test(e.message));
};

test('per-op read checks: identity, null, i31, numeric equality; non-values are sandbox failures', () => {
  const obj = new ModelObject(1, 'struct', 0, [], [], null, 32);
  obj.addr = 64;
  checkReadRef(obj, 64, 0, 'x');
  checkReadRef(null, 0, 0, 'x');
  checkReadRef(5, refI31(5), 0, 'x');
  fails('dangling', () => checkReadRef(obj, 80, 3, 'x'));
  fails('dangling', () => checkReadRef(null, 64, 3, 'x'));
  fails('sandbox', () => checkReadRef(obj, undefined, 3, 'x'));
  checkReadNumeric(5n, 5n, 0, 'x');
  fails('dangling', () => checkReadNumeric(5, 6, 0, 'x'));
  fails('dangling', () => checkReadNumeric(0, -0, 0, 'x'));
  fails('sandbox', () => checkReadNumeric(0, undefined, 0, 'x'));
});

test('host data is checked by identity', () => {
  const h = { serial: 1 };
  checkHostData(h, h, 0);
  fails('dangling-host-data', () => checkHostData(h, { serial: 1 }, 0));
});

test('op outcomes: predicted faults must happen, unpredicted errors are attributed', () => {
  checkOpOutcome('null', new SandboxError('null', 0), true, 0, 'read');
  checkOpOutcome('no-gc', new InvariantError('no-GC scope'), true, 0, 'gc');
  fails('sandbox', () => checkOpOutcome('null', undefined, false, 0, 'read'));
  fails('dangling', () => checkOpOutcome(null, new SandboxError('freed', 64), true, 0, 'read'));
  fails('dangling-host-data', () => checkOpOutcome(null, new SandboxError('bad host data id', 3), true, 0, 'hostData'));
  fails('sandbox', () => checkOpOutcome(null, new RangeError('offset is outside the bounds'), true, 0, 'read'));
  fails('invariant', () => checkOpOutcome(null, new InvariantError('free list'), true, 0, 'newStruct'));
});

test('sandbox: never-valid refs must raise SandboxError on validating uses; others may read stale data', () => {
  const base = { opIndex: 0, ref: 0x10000, isForeignHost: () => false };
  assert.deepEqual(checkForgeOutcome({ ...base, kind: 'oob', use: 'arrayLen', threw: true, error: new SandboxError('out of bounds', 0x10000), result: undefined }), { mayHaveMutated: false });
  fails('sandbox', () => checkForgeOutcome({ ...base, kind: 'oob', use: 'arrayLen', threw: false, error: undefined, result: 0 }));
  fails('sandbox', () => checkForgeOutcome({ ...base, kind: 'i31', use: 'headerKind', threw: true, error: new TypeError('x'), result: undefined }));
  assert.deepEqual(checkForgeOutcome({ ...base, kind: 'freed', use: 'structGet', threw: false, error: undefined, result: 7 }), { mayHaveMutated: false });
  fails('sandbox', () => checkForgeOutcome({ ...base, kind: 'freed', use: 'structGet', threw: false, error: undefined, result: undefined }));
  assert.deepEqual(checkForgeOutcome({ ...base, kind: 'foreign', use: 'drop', threw: true, error: new SandboxError('freed', 1), result: undefined }), { mayHaveMutated: true });
  assert.deepEqual(checkForgeOutcome({ ...base, kind: 'oob', use: 'drop', threw: false, error: undefined, result: undefined }), { mayHaveMutated: true });
  // A forged header of a real object: a write may complete before a zeal slice trips over the header (seed 4 run 3722 on incremental).
  assert.deepEqual(checkForgeOutcome({ ...base, kind: 'funcType', use: 'write', threw: true, error: new SandboxError('bad header', 0xc0), result: undefined }), { mayHaveMutated: true });
  fails('sandbox', () => checkForgeOutcome({ ...base, kind: 'foreign', use: 'hostData', threw: false, error: undefined, result: {}, isForeignHost: () => true }));
  fails('sandbox', () => checkTypedError(new TypeError('boom'), 1, 'gc'));
  // Forged inputs: bad bytes are never valid; a forged host-data id must fail as one, or read only a live host object of this store.
  fails('sandbox', () => checkForgeOutcome({ ...base, kind: 'badSize', use: 'structGet', threw: false, error: undefined, result: 0 }));
  fails('sandbox', () => checkForgeOutcome({ ...base, kind: 'hostStale', use: 'hostData', threw: false, error: undefined, result: undefined }));
  assert.deepEqual(checkForgeOutcome({ ...base, kind: 'hostZero', use: 'hostData', threw: true, error: new SandboxError('bad host data id', 0), result: undefined, violations: ['bad host data id'] }), { mayHaveMutated: false });
  fails('sandbox', () => checkForgeOutcome({ ...base, kind: 'hostZero', use: 'hostData', threw: true, error: new SandboxError('bad header', 0), result: undefined, violations: ['bad host data id'] }));
  const live = { a: 1 };
  assert.deepEqual(checkForgeOutcome({ ...base, kind: 'hostForeign', use: 'hostData', threw: false, error: undefined, result: live, isLiveHost: (v) => v === live }), { mayHaveMutated: false });
  fails('sandbox', () => checkForgeOutcome({ ...base, kind: 'hostForeign', use: 'hostData', threw: false, error: undefined, result: { a: 2 }, isLiveHost: (v) => v === live }));
});

test('differential and incremental-vs-full compare traces up to the comparable prefix', () => {
  checkDifferential([{ collector: 'a', trace: [OK, obsObject(1), UNCOMPARED, obsNum(1)], comparableOps: 4 }, { collector: 'b', trace: [OK, obsObject(1), obsError('sandbox:null'), obsNum(2)], comparableOps: 3 }]);
  fails('differential', () => checkDifferential([{ collector: 'a', trace: [OK, obsObject(1)], comparableOps: 2 }, { collector: 'b', trace: [OK, obsObject(2)], comparableOps: 2 }]));
  checkIncrementalVsFull({ collector: 'c', trace: [obsObject(3), obsNum(1)], comparableOps: 2, fingerprint: 'f' }, { collector: 'c', trace: [obsObject(undefined), obsNum(1)], comparableOps: 2, fingerprint: 'f' });
  fails('incremental-vs-full', () => checkIncrementalVsFull({ collector: 'c', trace: [obsNum(1)], comparableOps: 1, fingerprint: 'f' }, { collector: 'c', trace: [obsNum(2)], comparableOps: 1, fingerprint: 'f' }));
  fails('incremental-vs-full', () => checkIncrementalVsFull({ collector: 'c', trace: [obsObject(1)], comparableOps: 1, fingerprint: 'f' }, { collector: 'c', trace: [obsNum(1)], comparableOps: 1, fingerprint: 'f' }));
  fails('incremental-vs-full', () => checkIncrementalVsFull({ collector: 'c', trace: [], comparableOps: 0, fingerprint: 'f' }, { collector: 'c', trace: [], comparableOps: 0, fingerprint: 'g' }));
});

test('OOM allowances: in no-GC scopes, or when kept bytes are a quarter of the maximum heap', () => {
  assert.equal(isOomAllowed({ reclaims: 'all', keptBytes: 100, maxHeapBytes: 1 << 20, inNoGcScope: false }), false);
  assert.equal(isOomAllowed({ reclaims: 'all', keptBytes: 300_000, maxHeapBytes: 1 << 20, inNoGcScope: false }), true);
  assert.equal(isOomAllowed({ reclaims: 'nothing', keptBytes: 0, maxHeapBytes: 1 << 20, inNoGcScope: true }), true);
});

/** A real store and a model built in lock step, for the post-collection oracles. */
function storeAndModel(collector: 'drc' | 'copying') {
  const node: StructType = { kind: 'struct', fields: [{ storage: { kind: 'ref', nullable: true, heap: 0 }, mutable: true }, { storage: 'i32', mutable: true }] };
  const store = new Store({ collector: builtinCollectors[collector] });
  store.types.register(node);
  const m = new ReferenceModel([node], 0, [], builtinCollectors[collector].reclaims);
  const handles = [store.root(store.allocStruct(0), true), store.root(store.allocStruct(0), true)];
  m.newStruct(0, true).addr = store.get(handles[0]!);
  m.newStruct(0, true).addr = store.get(handles[1]!);
  store.heap.structSet(store.hostData, store.get(handles[0]!), 0, store.get(handles[1]!));
  m.write({ s: 'field', h: 1, f: 0 }, m.handleValue(0));
  const roots = () => ({ handles: handles.map((h) => store.get(h)), globals: [], tables: [], frames: [] });
  return { store, m, handles, roots };
}

test('post-collection walk and leak check pass on a correct heap, fail on a corrupted one', () => {
  for (const collector of ['drc', 'copying'] as const) {
    const { store, m, handles, roots } = storeAndModel(collector);
    store.heap.structSet(store.hostData, store.get(handles[1]!), 1, 42);
    m.write({ s: 'field', h: 0, f: 1 }, 42);
    store.gc();
    m.completeCollection();
    checkHeapAgainstModel(store.heap, store.hostData, m, roots(), 0, collector === 'copying');
    checkLeak(store.heap, store.hostData, m, 0, null);
    // Corrupt the heap behind the model's back: a field changes, then a root is dropped unseen.
    store.heap.structSet(store.hostData, store.get(handles[1]!), 1, 43);
    fails('dangling', () => checkHeapAgainstModel(store.heap, store.hostData, m, roots(), 1, collector === 'copying'));
    store.heap.structSet(store.hostData, store.get(handles[1]!), 1, 42);
    m.drop(1); // the model forgets the root of the first object (the runtime keeps it)
    m.completeCollection();
    fails('leak', () => checkLeak(store.heap, store.hostData, m, 2, null));
  }
});

test('op outcomes: the bulk instructions trap with the spec messages, and only where predicted', () => {
  checkOpOutcome('null-reference', new Trap('null reference', 'null array reference'), true, 0, 'arrayFill');
  checkOpOutcome('array-oob', new Trap('out of bounds array access'), true, 0, 'arrayCopy');
  checkOpOutcome('table-oob', new Trap('out of bounds table access'), true, 0, 'tableFill');
  fails('sandbox', () => checkOpOutcome('array-oob', undefined, false, 0, 'arrayFill'));
  fails('invariant', () => checkOpOutcome('array-oob', new Trap('out of bounds table access'), true, 0, 'arrayFill'));
  fails('dangling', () => checkOpOutcome('null-reference', new SandboxError('freed', 64), true, 0, 'arrayCopy'));
  fails('invariant', () => checkOpOutcome(null, new Trap('out of bounds array access'), true, 0, 'arrayFill'));
});

test('observations compare by value: numbers (NaN included, never bigint against number), errors by kind, objects by identity only when asked', () => {
  assert.ok(sameObservation(obsNum(Number.NaN), obsNum(Number.NaN), true));
  assert.ok(!sameObservation(obsNum(1), obsNum(1n), true));
  assert.ok(sameObservation(obsNum(5n), obsNum(5n), true));
  assert.ok(!sameObservation(obsError('trap'), obsError('sandbox:null'), true));
  assert.ok(sameObservation(obsObject(1), obsObject(2), false));
  assert.ok(!sameObservation(obsObject(1), obsObject(2), true));
  assert.ok(sameObservation(UNCOMPARED, obsError('trap'), true));
  assert.ok(!sameObservation(OK, obsError('trap'), true));
});
