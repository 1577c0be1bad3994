import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';
import { Store } from '../../src/runtime/store';
import { boundaryLength, BOUNDARY_BYTES } from '../../src/gen/wasm/boundaryLength';
import { Choices } from '../../src/gen/wasm/choices';
import { assertReplayStillFails, fuzzWasmWith } from './fuzzWasmWith';

test('boundary lengths land on or just under each size boundary; from 2^31 bytes up every collector says out of memory', () => {
  const seen = new Set<number>();
  for (const elemBytes of [1, 2, 4, 8]) {
    for (let seed = 0; seed < 200; seed++) {
      const bytes = fc.sample(fc.uint8Array({ minLength: 8, maxLength: 8 }), { seed, numRuns: 1 })[0]!;
      const n = boundaryLength(new Choices(bytes), elemBytes);
      const target = BOUNDARY_BYTES.find((b) => n * elemBytes <= b && n * elemBytes > b - 64)!;
      assert.ok(target !== undefined, `${n} x ${elemBytes}`);
      seen.add(target);
      if (target < 2 ** 31) continue;
      for (const c of Object.values(builtinCollectors)) {
        const store = new Store({ collector: c, initialHeapBytes: 4096, maxHeapBytes: 1 << 20 });
        const ty = store.types.register({ kind: 'array', element: { storage: elemBytes === 1 ? 'i8' : elemBytes === 2 ? 'i16' : elemBytes === 4 ? 'i32' : 'i64', mutable: true } });
        assert.throws(() => store.allocArray(ty, n), OutOfMemoryError, `${c.name}: length ${n} x ${elemBytes}`);
      }
    }
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [...BOUNDARY_BYTES]);
});

test('sizeWrappingDrc (32-bit array size arithmetic): the wasm target reports it within 500 runs of seed 1 and the reproducer replays', () => {
  const { r, f } = fuzzWasmWith('sizeWrappingDrc', 500);
  assert.ok(f.run < 500);
  assert.match(r.stdout, /object size 4294967\d+ beyond the limit|sandbox/);
  assertReplayStillFails(f.reproducer);
});
