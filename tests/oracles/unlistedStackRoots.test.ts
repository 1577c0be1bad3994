import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { HeapCallLedger } from '../../oracles/heapCallLedger';
import { checkHeapAccounting } from '../../oracles/checkHeapAccounting';
import { EXTERNREF } from '../../src/wasm/syntax/types';
import { WasmStore } from '../../src/wasm/execution/wasmStore';
import { invokeExport } from '../../src/wasm/execution/invoke';
import { failureOf } from './failureOf';
import { func, funcT, load, module, single } from '../wasm/execution/moduleBuilder';

const SIZE = { initialBytes: 4096, maxBytes: 1 << 16 };

/** A DRC store whose stack-roots list asks for a collection before any transition to Wasm, with the accounting ledger. */
function drcStore(checks = false) {
  const store = new Store({
    collector: builtinCollectors.drc, initialHeapBytes: SIZE.initialBytes, maxHeapBytes: SIZE.maxBytes,
    stackRootsTriggerFloor: 1, zeal: { checks },
  });
  const ledger = HeapCallLedger.install(store.heap, store.types, SIZE);
  return { store, ledger };
}

test('accounting: a collection that meets a Wasm stack root not on the DRC stack-roots list fails (ZERO_COUNTERS)', () => {
  for (const barrier of [false, true]) {
    const { store, ledger } = drcStore();
    const h = store.root(store.allocExternref({ id: 1 }));
    const frame = [store.get(h)];
    // Held by its handle, so nothing is freed: only the promise can tell the frame's ref was never barriered.
    if (barrier) store.heap.readBarrierToWasm(frame[0]!);
    store.addRootProvider((roots) => roots.addWasmStackRoot(frame, 0));
    store.gc();
    if (barrier) {
      checkHeapAccounting(ledger, 0, 'barriered');
      assert.equal(store.heap.stats().counters['unlistedStackRoots'], 0);
    } else {
      const f = failureOf(() => checkHeapAccounting(ledger, 0, 'unbarriered'));
      assert.equal(f.oracle, 'accounting');
      assert.match(f.message, /counter unlistedStackRoots 0 .*got 1/);
    }
  }
});

// corpus/regressions/drc-unlisted-arg-stack-root.json: an empty function of (externref, i64, externref).
const m = module({
  types: [single(funcT([EXTERNREF, 'i64', EXTERNREF], []))],
  funcs: [func(0, [])],
  exports: [{ name: 'run0', kind: 'func', index: 0 }],
});

test('interpreter invoke: the collection before entering Wasm meets no argument before its barrier', () => {
  for (const checks of [false, true]) {
    const { store, ledger } = drcStore(checks);
    const ws = new WasmStore(store);
    const inst = load({ store, ws }, m);
    for (let k = 0; k < 3; k++) {
      const mark = store.enterScope();
      const a = store.root(store.allocExternref({ id: 2 * k }));
      const b = store.root(store.allocExternref({ id: 2 * k + 1 }));
      invokeExport(ws, inst, 'run0', [a, BigInt(k), b]);
      store.exitScope(mark);
      checkHeapAccounting(ledger, k, `after invocation ${k}`);
    }
    assert.ok(store.gcTriggerCounts.enterWasm >= 2, `the list trigger collected with the arguments in hand (${store.gcTriggerCounts.enterWasm})`);
    assert.equal(store.heap.stats().counters['unlistedStackRoots'], 0);
  }
});
