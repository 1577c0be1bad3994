import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesEngines, DEFAULT_WASM_ENGINES, V8_SHARE, wasmTarget } from '../../../src/harness/targets/wasmTarget';
import { mutatedInputs } from '../../../fuzz/mutatedInputs';

test('a case from bytes runs V8 for about one input in V8_SHARE, chosen by the input alone', () => {
  const inputs = [...mutatedInputs([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])], 2000)];
  let withV8 = 0;
  for (const b of inputs) {
    const e = bytesEngines(b);
    assert.deepEqual(bytesEngines(Uint8Array.from(b)), e); // same bytes, same engines
    if (e.includes('v8')) {
      withV8++;
      assert.deepEqual(e, [...DEFAULT_WASM_ENGINES]);
    } else {
      assert.deepEqual(e, ['model', 'interp']);
    }
  }
  const share = withV8 / inputs.length;
  assert.ok(share > 0.5 / V8_SHARE && share < 2 / V8_SHARE, `share ${share}`);
  // the empty input hashes to the FNV offset basis, which is not a multiple of V8_SHARE
  assert.deepEqual(bytesEngines(new Uint8Array(0)), ['model', 'interp']);
});

test('fromBytes carries the engines bytesEngines picks, so replaying a jsfuzz input compares the same engines', () => {
  for (const b of mutatedInputs([new Uint8Array([9, 9, 9, 9])], 64)) {
    assert.deepEqual(wasmTarget.fromBytes(b).engines, bytesEngines(b));
  }
});
