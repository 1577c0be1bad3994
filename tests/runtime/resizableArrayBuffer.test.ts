import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ResizableBufferArena, newResizableArrayBuffer, withBufferArena, type ResizableArrayBuffer } from '../../src/runtime/resizableArrayBuffer';

/** One run in `arena` that takes `n` buffers of 64 bytes (max 256). */
function run(arena: ResizableBufferArena, n: number, use: (b: ResizableArrayBuffer) => void = () => {}): ResizableArrayBuffer[] {
  return withBufferArena(arena, () => {
    const got: ResizableArrayBuffer[] = [];
    for (let i = 0; i < n; i++) {
      const b = newResizableArrayBuffer(64, 256);
      use(b);
      got.push(b);
    }
    return got;
  });
}

describe('ResizableBufferArena', () => {
  test('outside an arena every buffer is new', () => {
    assert.notEqual(newResizableArrayBuffer(64, 256), newResizableArrayBuffer(64, 256));
  });

  test('a run\'s buffers rest through the next run, then are lent again zero-filled at the length asked for, one per holder', () => {
    const arena = new ResizableBufferArena();
    const first = run(arena, 2, (b) => {
      new Uint8Array(b).fill(7);
      b.resize(200);
      new Uint8Array(b).fill(9);
    });
    assert.notEqual(first[0], first[1], 'two live heaps never share a buffer');
    const second = run(arena, 2);
    assert.ok(second.every((b) => !first.includes(b)), 'the run right after does not get them');
    const third = withBufferArena(arena, () => {
      const c = newResizableArrayBuffer(64, 256);
      const c2 = newResizableArrayBuffer(64, 256);
      assert.ok(first.includes(c) && first.includes(c2) && c !== c2, 'each rested buffer is lent to one holder');
      assert.equal(c.byteLength, 64);
      assert.ok(new Uint8Array(c).every((x) => x === 0), 'nothing of the earlier run is visible');
      c.resize(256);
      assert.ok(new Uint8Array(c).every((x) => x === 0), 'growth shows zeros too');
      const d = newResizableArrayBuffer(64, 512);
      assert.ok(!first.includes(d) && !second.includes(d), 'only a buffer of the same size and maximum is reused');
      return [c, c2];
    });
    assert.ok(third.every((b) => first.includes(b)));
  });

  test('a buffer written or resized after its run ended (a dead heap kept by the runtime) is never lent again', () => {
    const arena = new ResizableBufferArena();
    const [written, resized, clean] = run(arena, 3) as [ResizableArrayBuffer, ResizableArrayBuffer, ResizableArrayBuffer];
    withBufferArena(arena, () => {
      new Uint8Array(written)[63] ^= 1; // the stale write, during the run after
      resized.resize(128);
    });
    const later = [...run(arena, 3), ...run(arena, 3), ...run(arena, 3)];
    assert.ok(!later.includes(written) && !later.includes(resized));
    assert.ok(later.includes(clean));
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
    withBufferArena(arena, () => {});
    withBufferArena(arena, () => {
      const outer = newResizableArrayBuffer(32, 64);
      assert.equal(outer, lent);
      withBufferArena(arena, () => newResizableArrayBuffer(16, 64));
      assert.notEqual(newResizableArrayBuffer(32, 64), outer, 'the outer buffer is still lent');
    });
  });
});
