import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UsageError } from '../../../../src/errors/UsageError';
import { wasmCaseArbitrary } from '../../../../src/gen/wasm/wasmCaseArbitrary';
import { wasmTarget } from '../../../../src/harness/targets/wasmTarget';

test('a reproducer keeps the case\'s gc_step slice budget and stack-roots floor; bad values are usage errors', () => {
  let found = false;
  for (let seed = 0; seed < 40 && !found; seed++) {
    const wasm = fc.sample(wasmCaseArbitrary(), { seed, numRuns: 1 })[0]!;
    if (wasm.host.incrementBudget === undefined || wasm.host.stackRootsTriggerFloor === undefined) continue;
    found = true;
    const json = JSON.parse(JSON.stringify(wasmTarget.serialise({ engines: ['model', 'interp'], gcEveryNAllocs: 0, wasm }))) as Record<string, unknown>;
    const back = wasmTarget.deserialise(json);
    assert.deepEqual(back.wasm.host, wasm.host);
    for (const [key, bad] of [['incrementBudget', 0], ['stackRootsTriggerFloor', 1.5], ['stackRootsTriggerFloor', 'x']] as const) {
      const host = { ...(json['host'] as object), [key]: bad };
      assert.throws(() => wasmTarget.deserialise({ ...json, host, case: { ...(json['case'] as object), host } }), (e: unknown) => e instanceof UsageError && e.message.includes(key));
    }
  }
  assert.ok(found, 'some generated case sets both fields');
});
