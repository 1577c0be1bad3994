import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import { ByteReader } from '../../../src/gen/ops/opBytes';
import { newArrayLengthFromBytes } from '../../../src/gen/ops/boundaryArrayLength';
import { boundaryLengths } from '../../../src/gen/wasm/boundaryLength';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { OK } from '../../../oracles/observation';
import { fuzzOpsWith } from '../../brokenCollectors/fuzzWasmWith';

function caseWith(len: number) {
  return fixupOpCase({
    types: [{ kind: 'array', element: { storage: 'i32', mutable: true } }],
    globals: [], tables: [],
    config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: true, checks: true } },
    ops: [{ op: 'newArray', type: 0, len, owned: true }, { op: 'gc' }],
  });
}

test('newArray boundary lengths: raw lengths from 2^31 become boundary lengths of the element size, kept by fixup; small ones wrap as before', () => {
  const all = boundaryLengths(4);
  const seen = new Set<number>();
  for (let k = 0; k < 24; k++) {
    const len = (caseWith(2 ** 31 + k).ops[0] as { len: number }).len;
    assert.ok(all.includes(len), String(len));
    seen.add(len);
    assert.equal((caseWith(len).ops[0] as { len: number }).len, len, 'idempotent');
  }
  assert.equal(seen.size, all.length, 'every boundary length is reachable');
  assert.equal((caseWith(70).ops[0] as { len: number }).len, 70 % 65);
  // The byte decoder: about one length in 16 is a raw boundary length, every one of the 12 occurs,
  // and the rest stay small (arrayLength: 0..64).
  let x = 0x9e3779b9;
  const bytes = Uint8Array.from({ length: 4 * 4096 }, () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 24));
  const fromBytes = Array.from({ length: 4096 }, (_, k) => newArrayLengthFromBytes(new ByteReader(bytes.subarray(4 * k))));
  const raw = fromBytes.filter((l) => l >= 2 ** 31);
  assert.ok(raw.length > 4096 / 32 && raw.length < 4096 / 8, String(raw.length));
  assert.equal(new Set(raw).size, 12);
  assert.ok(raw.every((l) => l < 2 ** 31 + 12) && fromBytes.every((l) => l >= 2 ** 31 || l <= 64));
});

test('a boundary newArray past the max heap (2^31, 2^32 bytes) ends the run in out of memory on every collector (the model expects it); 4096 bytes allocates', () => {
  for (const collector of Object.values(builtinCollectors)) {
    for (const len of boundaryLengths(4)) {
      const r = runOpCase(caseWith(len), { collector, mode: 'lockstep' });
      if (len * 4 > 65536) assert.equal(r.stopReason, 'oom', `${collector.name} ${len}`);
      else assert.deepEqual(r.trace.slice(0, 2), [OK, OK], `${collector.name} ${len}`);
    }
  }
});

test('sizeWrappingDrc (32-bit array size arithmetic): the ops target reports sandbox within 200 runs of seed 1', () => {
  const { r, f } = fuzzOpsWith('sizeWrappingDrc', 200);
  assert.equal(f.oracle, 'sandbox', JSON.stringify(f));
  assert.ok(f.run < 200);
  assert.match(r.stdout, /expected out of memory for an array/);
});
