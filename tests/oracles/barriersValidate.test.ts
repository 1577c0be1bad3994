import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { SandboxError } from '../../src/errors/SandboxError';
import { barriersValidate, checkForgeOutcome } from '../../oracles/checkSandbox';
import { failureOf } from './failureOf';

const base = { opIndex: 2, threw: false, error: undefined, result: 0x40, ref: 0x42, isForeignHost: () => false } as const;

test('sandbox: on DRC a barrier use (clone, drop, expose) of a never-valid heap ref must be a SandboxError; elsewhere it may succeed', () => {
  assert.equal(barriersValidate(new Store({ collector: builtinCollectors.drc }).heap), true);
  for (const name of ['null', 'copying', 'incremental'] as const) assert.equal(barriersValidate(new Store({ collector: builtinCollectors[name] }).heap), false);
  for (const use of ['clone', 'drop', 'expose'] as const) {
    for (const kind of ['oob', 'misaligned', 'badSize', 'funcType', 'pastBump'] as const) {
      const f = failureOf(() => checkForgeOutcome({ ...base, kind, use, barriersValidate: true }));
      assert.equal(f.oracle, 'sandbox');
      assert.match(f.message, new RegExp(`${use} of a forged ${kind} ref 0x42: SandboxError, got success`));
      assert.doesNotThrow(() => checkForgeOutcome({ ...base, kind, use, barriersValidate: false }));
      assert.doesNotThrow(() => checkForgeOutcome({ ...base, kind, use, barriersValidate: true, threw: true, error: new SandboxError('misaligned', 0x42) }));
    }
    // An i31 is no object to a barrier (#10171), and a ref that might name a real object may be counted.
    assert.doesNotThrow(() => checkForgeOutcome({ ...base, kind: 'i31', use, ref: 0x43, barriersValidate: true }));
    assert.doesNotThrow(() => checkForgeOutcome({ ...base, kind: 'freed', use, barriersValidate: true }));
  }
  // Other mutating uses are unchanged: a write or a root of a never-valid ref may still succeed.
  assert.doesNotThrow(() => checkForgeOutcome({ ...base, kind: 'oob', use: 'write', barriersValidate: true }));
});

test('sandbox: the real DRC rejects every never-valid barrier use the generator makes with a SandboxError', () => {
  const store = new Store({ collector: builtinCollectors.drc, initialHeapBytes: 4096, maxHeapBytes: 4096 });
  const live = store.allocExternref({ id: 1 });
  const bad = [store.heap.vmctxGcHeapBound() + 16, 0xfffffff0, live + 2, 8];
  for (const ref of bad) {
    assert.throws(() => store.heap.cloneGcRef(ref), SandboxError);
    assert.throws(() => store.heap.dropGcRef(store.hostData, ref), SandboxError);
    assert.throws(() => store.heap.exposeGcRefToWasm(ref), SandboxError);
  }
});
