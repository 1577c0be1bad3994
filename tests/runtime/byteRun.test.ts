import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allBytesAre } from '../../src/runtime/byteRun';

test('allBytesAre: a range of one byte value, a differing byte at either end or inside, ranges longer than the shared run, two byte values', () => {
  const b = new ArrayBuffer(200_000);
  const u8 = new Uint8Array(b).fill(7);
  assert.equal(allBytesAre(b, 0, b.byteLength, 7), true, 'longer than the 64 KiB run it starts with');
  assert.equal(allBytesAre(b, 10, 100, 0), false, 'another byte value has its own run');
  for (const at of [10, 60, 109]) {
    u8[at] = 8;
    assert.equal(allBytesAre(b, 10, 100, 7), false, `differs at ${at}`);
    assert.equal(allBytesAre(b, at + 1, 50, 7), true, 'the range after it');
    u8[at] = 7;
  }
  assert.equal(allBytesAre(b, 5, 0, 9), true, 'an empty range');
});
