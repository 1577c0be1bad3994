import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import { ByteReader } from '../../../src/gen/ops/opBytes';
import { BOUNDARY_RAW, exactFillLengths, FILL_CODE, newArrayLengthFromBytes, opsBoundaryLengths, ROOMY_CODE } from '../../../src/gen/ops/boundaryArrayLength';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { Store } from '../../../src/runtime/store';
import { OutOfMemoryError } from '../../../src/errors/OutOfMemoryError';
import type { StorageType } from '../../../src/runtime/gcTypes';
import { OK, obsError } from '../../../oracles/observation';
import { fuzzOpsWith } from '../../brokenCollectors/fuzzWasmWith';

const CONFIG = { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: true, checks: true }, incrementBudget: 16384 };

function caseWith(len: number, config = CONFIG, storage: StorageType = 'i32') {
  return fixupOpCase({
    types: [{ kind: 'array', element: { storage, mutable: true } }],
    globals: [], tables: [],
    config,
    ops: [{ op: 'newArray', type: 0, len, owned: true }, { op: 'gc' }],
  });
}
const lenOf = (c: ReturnType<typeof caseWith>): number => (c.ops[0] as { len: number }).len;

test('newArray boundary lengths: raw codes become boundary lengths of the element size (2^26 ones included) or exact fills, kept by fixup; small ones wrap as before', () => {
  const all = opsBoundaryLengths(4);
  assert.deepEqual(all.slice(12), [2 ** 24 + 1, 2 ** 24, 2 ** 24 - 1, 2 ** 24 - 4]);
  const fills = exactFillLengths(4, CONFIG);
  const seen = new Set<number>();
  for (let k = 0; k < 2 * (FILL_CODE + 6); k++) {
    const len = lenOf(caseWith(BOUNDARY_RAW + k));
    assert.ok(all.includes(len) || fills.includes(len), String(len));
    seen.add(len);
    assert.equal(lenOf(caseWith(len)), len, 'idempotent');
  }
  assert.equal(seen.size, all.length + new Set(fills).size, 'every boundary and exact-fill length is reachable');
  assert.equal(lenOf(caseWith(70)), 70 % 65);
  // Snippet codes: a boundary length where the maximum heap holds several, else a small one.
  assert.equal(lenOf(caseWith(BOUNDARY_RAW + ROOMY_CODE)), all[0]);
  assert.equal(lenOf(caseWith(BOUNDARY_RAW + ROOMY_CODE, { ...CONFIG, maxHeapBytes: 8192 })), 1);
  // The byte decoder: about one length in 16 is a raw boundary code, every one of the 22 drawn
  // codes occurs, and the rest stay small (arrayLength: 0..64).
  let x = 0x9e3779b9;
  const bytes = Uint8Array.from({ length: 4 * 4096 }, () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 24));
  const fromBytes = Array.from({ length: 4096 }, (_, k) => newArrayLengthFromBytes(new ByteReader(bytes.subarray(4 * k))));
  const raw = fromBytes.filter((l) => l >= BOUNDARY_RAW);
  assert.ok(raw.length > 4096 / 32 && raw.length < 4096 / 8, String(raw.length));
  assert.equal(new Set(raw).size, FILL_CODE + 6);
  assert.ok(raw.every((l) => l < BOUNDARY_RAW + FILL_CODE + 6) && fromBytes.every((l) => l >= BOUNDARY_RAW || l <= 64));
});

test('a boundary newArray past the max heap (2^26, 2^31, 2^32 bytes) is out of memory on every collector (the model expects it) and the run goes on with a null handle; 4096 bytes allocates', () => {
  for (const collector of Object.values(builtinCollectors)) {
    for (const len of opsBoundaryLengths(4)) {
      const r = runOpCase(caseWith(len), { collector, mode: 'lockstep' });
      assert.equal(r.stopReason, 'end', `${collector.name} ${len}`);
      if (len * 4 > 65536) assert.deepEqual(r.trace.slice(0, 2), [obsError('out-of-memory'), OK], `${collector.name} ${len}`);
      else assert.deepEqual(r.trace.slice(0, 2), [OK, OK], `${collector.name} ${len}`);
    }
  }
  // The null handle is a null operand afterwards: an element read is the null fault every collector reports.
  const c = fixupOpCase({ ...caseWith(2 ** 30), ops: [{ op: 'newArray', type: 0, len: 2 ** 30, owned: true }, { op: 'arrayLen', h: 0 }, { op: 'gc' }] });
  for (const collector of Object.values(builtinCollectors)) {
    const r = runOpCase(c, { collector, mode: 'lockstep' });
    assert.deepEqual(r.trace.slice(0, 2), [obsError('out-of-memory'), obsError('sandbox:null')], collector.name);
  }
});

test('the 2^26 object-size lengths of every element size are a typed out of memory on every collector, however large the maximum heap', () => {
  const storages: [number, StorageType][] = [[1, 'i8'], [2, 'i16'], [4, 'i32'], [8, 'i64']];
  for (const [bytes, storage] of storages) {
    for (const len of opsBoundaryLengths(bytes).slice(12)) {
      assert.ok(len * bytes > 2 ** 26 - 64 && len * bytes <= 2 ** 26 + 8, `${len} x ${bytes}`);
      for (const c of Object.values(builtinCollectors)) {
        const store = new Store({ collector: c, initialHeapBytes: 4096, maxHeapBytes: 1 << 22 });
        const ty = store.types.register({ kind: 'array', element: { storage, mutable: true } });
        assert.throws(() => store.allocArray(ty, len), OutOfMemoryError, `${c.name}: ${len} x ${bytes}`);
      }
    }
  }
});

test('the 4096-byte boundary lengths a header\'s worth under make objects of exactly the free list\'s SMALL_LIMIT (4096) on DRC and incremental; the others larger', () => {
  const storages: [number, StorageType][] = [[1, 'i8'], [2, 'i16'], [4, 'i32'], [8, 'f64']];
  for (const name of ['drc', 'incremental'] as const) {
    for (const [bytes, storage] of storages) {
      const sizes = opsBoundaryLengths(bytes).slice(0, 6).map((len) => {
        const store = new Store({ collector: builtinCollectors[name]!, initialHeapBytes: 65536, maxHeapBytes: 65536 });
        const ty = store.types.register({ kind: 'array', element: { storage, mutable: true } });
        store.allocArray(ty, len);
        return store.heap.stats().usedBytes;
      });
      assert.deepEqual(sizes.map((n) => (n === 4096 ? 'at' : n > 4096 ? 'over' : 'under')), ['over', 'over', 'at', 'over', 'over', 'over'], `${name} ${storage}: ${sizes.join(', ')}`);
    }
  }
});

test('exact-fill lengths fill an empty heap of their collector to the byte: the initial bound, and the maximum one (after growth)', () => {
  const layouts = ['null', 'incremental', 'drc'] as const;
  const storages: [number, StorageType][] = [[1, 'i8'], [2, 'i16'], [4, 'i32'], [8, 'f64']];
  for (const config of [{ ...CONFIG, heapBytes: 2048, maxHeapBytes: 8192 }, { ...CONFIG, heapBytes: 512, maxHeapBytes: 512 }]) {
    for (const [bytes, storage] of storages) {
      const fills = exactFillLengths(bytes, config);
      layouts.forEach((name, i) => {
        for (const [j, bound] of [[0, config.heapBytes], [1, config.maxHeapBytes]] as const) {
          const store = new Store({ collector: builtinCollectors[name]!, initialHeapBytes: config.heapBytes, maxHeapBytes: config.maxHeapBytes, zeal: { poison: true, checks: true } });
          const ty = store.types.register({ kind: 'array', element: { storage, mutable: true } });
          if (j === 1) store.heap.grow(config.maxHeapBytes - config.heapBytes);
          store.allocArray(ty, fills[2 * i + j]!);
          const s = store.heap.stats();
          assert.equal(s.usedBytes, s.capacityBytes, `${name} ${storage} ${bound}`);
          assert.equal(s.counters['bumpPointer'], bound, `${name} ${storage} ${bound}`);
          store.gc();
        }
      });
    }
  }
});

test('sizeWrappingDrc (32-bit array size arithmetic): the ops target reports sandbox within 200 runs of seed 1', () => {
  const { r, f } = fuzzOpsWith('sizeWrappingDrc', 200);
  assert.equal(f.oracle, 'sandbox', JSON.stringify(f));
  assert.ok(f.run < 200);
  assert.match(r.stdout, /expected out of memory for an array/);
});
