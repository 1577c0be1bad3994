import assert from 'node:assert/strict';
import test from 'node:test';
import { checkEnterWasm, installStoreCallsOracle, type EnterWasmCall } from '../../oracles/installStoreCallsOracle';
import { OracleFailure } from '../../oracles/OracleFailure';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { Store } from '../../src/runtime/store';

const failsWith = (re: RegExp) => (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'stack-roots-trigger' && /the store entering Wasm/.test(e.message) && re.test(e.message);

test('store calls: a correct store passes on every collector, and DRC collects on entering Wasm', () => {
  for (const c of Object.values(builtinCollectors)) {
    const s = new Store({ collector: c, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, stackRootsTriggerFloor: 4 });
    installStoreCallsOracle(s);
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
  installStoreCallsOracle(s, () => 9);
  const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  assert.throws(() => {
    for (let i = 0; i < 30; i++) {
      const r = s.allocArray(arr, 1);
      s.enterWasm(3);
      s.heap.exposeGcRefToWasm(r);
    }
  }, (e: unknown) => failsWith(/one enterWasm trigger/)(e) && (e as OracleFailure).message.includes('op 9'));
});
