import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ResizableBufferArena, newResizableArrayBuffer, withBufferArena } from '../../src/runtime/resizableArrayBuffer';

describe('ResizableBufferArena', () => {
  test('outside an arena every buffer is new', () => {
    assert.notEqual(newResizableArrayBuffer(64, 256), newResizableArrayBuffer(64, 256));
  });

  test('buffers come back when the run ends, zero-filled at the length asked for, one per holder', () => {
    const arena = new ResizableBufferArena();
    const first = withBufferArena(arena, () => {
      const a = newResizableArrayBuffer(64, 256);
      const b = newResizableArrayBuffer(64, 256);
      assert.notEqual(a, b, 'two live heaps never share a buffer');
      for (const x of [a, b]) {
        new Uint8Array(x).fill(7);
        x.resize(200);
        new Uint8Array(x).fill(9);
      }
      return [a, b];
    });
    const again = withBufferArena(arena, () => {
      const c = newResizableArrayBuffer(64, 256);
      assert.ok(first.includes(c), 'a buffer of the finished run is lent again');
      assert.equal(c.byteLength, 64);
      assert.ok(new Uint8Array(c).every((x) => x === 0), 'nothing of the earlier run is visible');
      c.resize(256);
      assert.ok(new Uint8Array(c).every((x) => x === 0), 'growth shows zeros too');
      const c2 = newResizableArrayBuffer(64, 256);
      assert.ok(first.includes(c2) && c2 !== c, 'each reused buffer is lent to one holder');
      const d = newResizableArrayBuffer(64, 512);
      assert.ok(!first.includes(d), 'only a buffer of the same maximum is reused');
      return c;
    });
    assert.ok(first.includes(again));
  });

  test('a throwing run gives its buffers back; a nested call of the same arena does not take the outer ones', () => {
    const arena = new ResizableBufferArena();
    let lent: ArrayBuffer | null = null;
    assert.throws(() =>
      withBufferArena(arena, () => {
        lent = newResizableArrayBuffer(32, 64);
        throw new Error('exec failed');
      }),
    );
    withBufferArena(arena, () => {
      const outer = newResizableArrayBuffer(32, 64);
      assert.equal(outer, lent);
      withBufferArena(arena, () => newResizableArrayBuffer(16, 64));
      assert.notEqual(newResizableArrayBuffer(32, 64), outer, 'the outer buffer is still lent');
    });
  });
});
