import assert from 'node:assert/strict';
import test from 'node:test';
import { mutationShard } from '../../../src/harness/mutation/mutationShard';

const files = [
  { file: 'src/runtime/store.ts', mutants: 560 },
  { file: 'src/runtime/collectors/copyingHeap.ts', mutants: 573 },
  { file: 'src/runtime/gcRef.ts', mutants: 15 },
  { file: 'src/runtime/heapMemory.ts', mutants: 124 },
  { file: 'src/runtime/freeList.ts', mutants: 263 },
  { file: 'src/runtime/gcHeap.ts', mutants: 0 },
  { file: 'src/runtime/typeInfo.ts', mutants: 42 },
];

test('mutationShard: the nights together hold every file once, balanced by mutant count, in name order', () => {
  const nights = [1, 2, 3].map((index) => mutationShard(files, { index, count: 3 }));
  assert.deepEqual(nights.flat().sort(), files.map((f) => f.file).sort());
  const load = nights.map((n) => n.reduce((a, f) => a + files.find((x) => x.file === f)!.mutants, 0));
  // Largest first to the emptiest night: 573 | 560 | 263+124+42+15 (+0).
  assert.deepEqual(load, [573, 560, 444]);
  for (const n of nights) assert.deepEqual(n, [...n].sort());
  assert.deepEqual(mutationShard(files, { index: 1, count: 1 }), files.map((f) => f.file).sort());
});

test('mutationShard: the same files in any order give the same nights', () => {
  const reversed = [...files].reverse();
  for (const index of [1, 2]) assert.deepEqual(mutationShard(reversed, { index, count: 2 }), mutationShard(files, { index, count: 2 }));
});
