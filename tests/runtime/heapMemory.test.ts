import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapMemory } from '../../src/runtime/heapMemory';
import { SandboxError } from '../../src/errors/SandboxError';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';

class TestMemory extends HeapMemory {
  grow(n: number): void {
    this.resizeBuffer(n);
  }
}

describe('HeapMemory', () => {
  test('checked accessors refuse out-of-bounds and misaligned offsets before touching memory', () => {
    const m = new TestMemory(256, 1024);
    m.writeU32(252, 0xdeadbeef);
    assert.equal(m.readU32(252), 0xdeadbeef);
    for (const bad of [256, 253, -4, 2 ** 32, 1.5, Number.NaN]) {
      assert.throws(() => m.readU32(bad), SandboxError, String(bad));
      assert.throws(() => m.writeU32(bad, 1), SandboxError, String(bad));
    }
    assert.throws(() => m.readU8(256), SandboxError);
    assert.throws(() => m.fillBytes(200, 57, 0), SandboxError);
    assert.throws(() => m.firstByteNot(255, 2, 0), SandboxError);
  });

  test('one resizable buffer, grown in place', () => {
    const m = new TestMemory(256, 1024);
    const buf = m.buffer;
    m.grow(512);
    assert.equal(m.buffer, buf);
    assert.equal(buf.byteLength, 512);
    m.writeU32(508, 7);
    assert.equal(m.readU32(508), 7);
    assert.throws(() => new TestMemory(4096, 1024), OutOfMemoryError);
  });

  test('firstByteNot finds the first other byte of short and long runs, wherever it lies', () => {
    const m = new TestMemory(4096, 4096);
    m.fillBytes(0, 4096, 0xdb);
    for (const [offset, length] of [[0, 4096], [16, 255], [16, 256], [3, 1000], [1024, 3072]] as const) {
      assert.equal(m.firstByteNot(offset, length, 0xdb), -1);
      for (const at of [offset, offset + 1, offset + (length >> 1), offset + length - 1]) {
        m.fillBytes(at, 1, 0x00);
        assert.equal(m.firstByteNot(offset, length, 0xdb), at, `[${offset}, +${length}) at ${at}`);
        if (at + 1 < offset + length) {
          m.fillBytes(at + 1, 1, 0x01);
          assert.equal(m.firstByteNot(offset, length, 0xdb), at, 'the first of two');
        }
        m.fillBytes(at, Math.min(2, offset + length - at), 0xdb);
      }
      assert.equal(m.firstByteNot(offset, length, 0x00), offset);
    }
  });
});
