import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../../../src/errors/Trap';
import { Store } from '../../../src/runtime/store';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { arrayCopyRange, arrayFillRange } from '../../../src/wasm/execution/arrayBulkOps';

function setup() {
  const store = new Store({ collector: builtinCollectors.drc });
  const node = store.types.register({ kind: 'struct', fields: [] });
  const refs = store.types.register({ kind: 'array', element: { storage: { kind: 'ref', nullable: true, heap: 'any' }, mutable: true } });
  const arr = store.allocArray(refs, 4);
  const obj = store.allocStruct(node);
  return { store, heap: store.heap, hd: store.hostData, arr, obj };
}

const traps = (kind: string) => (e: unknown): boolean => e instanceof Trap && e.kind === kind;
const writes = (s: Store): number => s.heap.stats().counters['writeGcRef']!;

test('array.fill: null trap, then range trap, nothing written; every element through the write barrier, null included', () => {
  const { store, heap, hd, arr, obj } = setup();
  assert.throws(() => arrayFillRange(heap, hd, 0, 0, obj, 0), traps('null reference'));
  assert.throws(() => arrayFillRange(heap, hd, arr, 2, obj, 3), traps('out of bounds array access'));
  assert.equal(writes(store), 0);
  arrayFillRange(heap, hd, arr, 1, obj, 3);
  assert.deepEqual([0, 1, 2, 3].map((i) => heap.arrayGet(arr, i)), [0, obj, obj, obj]);
  arrayFillRange(heap, hd, arr, 1, 0, 3);
  assert.equal(writes(store), 6, 'three ref writes and three null writes');
  assert.equal(heap.stats().objectCount, 2);
  heap.dropGcRef(hd, obj);
  assert.equal(heap.stats().objectCount, 1, 'the null fill released the three counts it overwrote');
});

test('array.copy: overlapping ranges of one array in both directions (memmove), traps for null and either range', () => {
  const { heap, hd, arr } = setup();
  for (let i = 0; i < 4; i++) heap.arraySet(hd, arr, i, ((i + 1) << 1) | 1);
  const values = (): number[] => [0, 1, 2, 3].map((i) => Number(heap.arrayGet(arr, i)) >>> 1);
  arrayCopyRange(heap, hd, arr, 1, arr, 0, 3);
  assert.deepEqual(values(), [1, 1, 2, 3]);
  arrayCopyRange(heap, hd, arr, 0, arr, 1, 3);
  assert.deepEqual(values(), [1, 2, 3, 3]);
  assert.throws(() => arrayCopyRange(heap, hd, arr, 0, 0, 0, 0), traps('null reference'));
  assert.throws(() => arrayCopyRange(heap, hd, arr, 2, arr, 0, 3), traps('out of bounds array access'));
  assert.throws(() => arrayCopyRange(heap, hd, arr, 0, arr, 2, 3), traps('out of bounds array access'));
  assert.deepEqual(values(), [1, 2, 3, 3], 'a trapping copy writes nothing');
});
