import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { insertAt, removeAt } from '../../oracles/arrayEdits';

/** The in-place edits do what `splice` does, for every index (out-of-range removal: nothing). */

test('removeAt matches splice(i, 1), and ignores an index out of range', () => {
  fc.assert(fc.property(fc.array(fc.integer()), fc.integer({ min: -2, max: 12 }), (a, i) => {
    const want = [...a];
    if (i >= 0 && i < a.length) want.splice(i, 1);
    const got = [...a];
    removeAt(got, i);
    assert.deepEqual(got, want);
  }), { seed: 13 });
});

test('insertAt matches splice(i, 0, v) for 0 <= i <= length', () => {
  fc.assert(fc.property(fc.array(fc.integer()), fc.nat(), fc.integer(), (a, k, v) => {
    const i = k % (a.length + 1);
    const want = [...a];
    want.splice(i, 0, v);
    const got = [...a];
    insertAt(got, i, v);
    assert.deepEqual(got, want);
  }), { seed: 13 });
});
