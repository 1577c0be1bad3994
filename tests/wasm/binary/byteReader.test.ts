import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError } from '../../../src/errors/DecodeError';
import { ByteReader } from '../../../src/wasm/binary/byteReader';
import { ByteWriter } from '../../../src/wasm/binary/byteWriter';

function reader(...bytes: number[]): ByteReader {
  return ByteReader.of(new Uint8Array(bytes));
}

function failsWith(f: () => unknown, reason: string): void {
  assert.throws(f, (e: unknown) => e instanceof DecodeError && e.reason === reason);
}

describe('ByteReader LEB128 (spec 5.2.2)', () => {
  it('reads u32 bounds and rejects overlong or oversized encodings', () => {
    assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x0f).u32(), 0xffff_ffff);
    assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x00).u32(), 0);
    failsWith(() => reader(0x80, 0x80, 0x80, 0x80, 0x10).u32(), 'integer too large');
    failsWith(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32(), 'integer representation too long');
    failsWith(() => reader(0x80).u32(), 'unexpected end');
  });

  it('reads s32 and s33 bounds with sign-extension checks', () => {
    assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x78).s32(), -0x8000_0000);
    assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x07).s32(), 0x7fff_ffff);
    failsWith(() => reader(0xff, 0xff, 0xff, 0xff, 0x0f).s32(), 'integer too large');
    failsWith(() => reader(0x80, 0x80, 0x80, 0x80, 0x70).s32(), 'integer too large');
    assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x0f).s33(), 0xffff_ffff);
    assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x70).s33(), -0x1_0000_0000);
    failsWith(() => reader(0xff, 0xff, 0xff, 0xff, 0x1f).s33(), 'integer too large');
    assert.equal(reader(0x7f).s33(), -1);
    assert.equal(reader(0x70).s33(), -16);
  });

  it('reads s64 bounds', () => {
    const min = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f];
    const max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
    assert.equal(reader(...min).s64(), -(1n << 63n));
    assert.equal(reader(...max).s64(), (1n << 63n) - 1n);
    failsWith(() => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).s64(), 'integer too large');
    failsWith(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s64(), 'integer representation too long');
  });

  it('guards counts against the bytes left', () => {
    failsWith(() => reader(0x05, 0x00, 0x00).len32(), 'length out of bounds');
    assert.equal(reader(0x02, 0x00, 0x00).len32(), 2);
  });

  it('rejects malformed UTF-8 names and keeps a BOM', () => {
    failsWith(() => reader(0x02, 0xc0, 0x80).name(), 'malformed UTF-8 encoding');
    failsWith(() => reader(0x03, 0xed, 0xa0, 0x80).name(), 'malformed UTF-8 encoding');
    assert.equal(reader(0x03, 0xef, 0xbb, 0xbf).name(), '\ufeff');
  });

  it('round-trips writer output for all integers in range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }),
        fc.integer({ min: -0x1_0000_0000, max: 0xffff_ffff }),
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        (u, s, s33, s64) => {
          const w = new ByteWriter();
          w.u32(u);
          w.sN(s);
          w.sN(s33);
          w.s64(s64);
          const r = ByteReader.of(w.finish());
          assert.equal(r.u32(), u);
          assert.equal(r.s32(), s);
          assert.equal(r.s33(), s33);
          assert.equal(r.s64(), s64);
          assert.ok(r.atEnd());
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});
