import { DecodeError } from '../../errors/DecodeError';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A bounded cursor over a byte range (spec 5.1, 5.2 values). Every read checks the range's end, so
 * decoding never reads past the input and never throws anything but DecodeError. Reading past the
 * end of the range throws `eofMessage` (the reference interpreter's "unexpected end" at the top
 * level, "unexpected end of section or function" inside a section or function body).
 */
export class ByteReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
    private readonly eofMessage: string,
  ) {
    this.pos = start;
  }

  /**
   * A reader over all of `bytes` at the top level. A Buffer (or other Uint8Array subclass) is
   * viewed as a plain Uint8Array, so byte strings taken from it are plain, independent copies.
   */
  static of(bytes: Uint8Array): ByteReader {
    const plain = Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    return new ByteReader(plain, 0, plain.length, 'unexpected end');
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Throw a DecodeError at `offset` (default: the current position). */
  fail(message: string, offset: number = this.pos): never {
    throw new DecodeError(message, offset);
  }

  /** The next byte without consuming it, or undefined at the end. */
  peek(): number | undefined {
    return this.pos < this.end ? this.bytes[this.pos] : undefined;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail(this.eofMessage, this.end);
    return this.bytes[this.pos++]!;
  }

  /** Expect byte `b`, else fail with `message` at that byte. */
  expect(b: number, message: string): void {
    const at = this.pos;
    if (this.u8() !== b) this.fail(message, at);
  }

  /** Spec 5.2.2 unsigned LEB128 u32: at most 5 bytes, unused bits of the last zero. */
  u32(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i === 5) this.fail('integer representation too long');
      const b = this.u8();
      if (i === 4 && (b & 0x70) !== 0) this.fail('integer too large', this.pos - 1);
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
  }

  /** Spec 5.2.2 unsigned LEB128 u64 (at most 10 bytes), exactly, as a bigint. */
  u64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; ; i++) {
      if (i === 10) this.fail('integer representation too long');
      const b = this.u8();
      if (i === 9 && (b & 0x7e) !== 0) this.fail('integer too large', this.pos - 1);
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  /**
   * Spec 5.2.2 unsigned LEB128 u64 (at most 10 bytes) as a JS number: exact up to 2^53, rounded to
   * the nearest double above.
   */
  u64AsNumber(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i === 10) this.fail('integer representation too long');
      const b = this.u8();
      if (i === 9 && (b & 0x7e) !== 0) this.fail('integer too large', this.pos - 1);
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
  }

  /**
   * Spec 5.2.2 signed LEB128 of `bits` (32 or 33) as a JS number. At most ceil(bits/7) bytes; the
   * unused bits of the last byte must be a sign extension.
   */
  sN(bits: 32 | 33): number {
    const maxBytes = 5;
    let result = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i === maxBytes) this.fail('integer representation too long');
      const b = this.u8();
      if (i === maxBytes - 1) {
        const remainingBits = bits - 7 * i; // 4 for s32, 5 for s33
        const mask = (-1 << (remainingBits - 1)) & 0x7f;
        if ((b & mask) !== 0 && (b & mask) !== mask) this.fail('integer too large', this.pos - 1);
      }
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return (b & 0x40) !== 0 ? result - scale : result;
    }
  }

  s32(): number {
    return this.sN(32);
  }

  s33(): number {
    return this.sN(33);
  }

  /** Spec 5.2.2 signed LEB128 s64 as a bigint: at most 10 bytes. */
  s64(): bigint {
    let lo = 0; // the first up-to-7 bytes (49 bits) accumulate exactly in a double
    let scale = 1;
    let i = 0;
    for (; i < 7; i++) {
      const b = this.u8();
      lo += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return BigInt((b & 0x40) !== 0 ? lo - scale : lo);
    }
    let result = BigInt(lo);
    let shift = 49n;
    for (; ; i++) {
      if (i === 10) this.fail('integer representation too long');
      const b = this.u8();
      if (i === 9 && (b & 0x7f) !== 0 && (b & 0x7f) !== 0x7f) this.fail('integer too large', this.pos - 1);
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) return BigInt.asIntN(64, (b & 0x40) !== 0 ? result - (1n << shift) : result);
    }
  }

  /** Four little-endian bytes as a u32 (spec 5.2.3 f32 bit pattern). */
  fixed32(): number {
    if (this.remaining < 4) this.fail(this.eofMessage, this.end);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** Eight little-endian bytes as the u64 bit pattern of a float64 (spec 5.2.3). */
  f64Bits(): bigint {
    const lo = this.fixed32();
    const hi = this.fixed32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** `n` raw bytes, copied. */
  take(n: number): Uint8Array {
    if (n > this.remaining) this.fail(this.eofMessage, this.end);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /**
   * A u32 length or count that cannot exceed the bytes left in this range (every element takes at
   * least one byte): guards huge declared counts. "length out of bounds" otherwise.
   */
  len32(): number {
    const at = this.pos;
    const n = this.u32();
    if (n > this.remaining) this.fail('length out of bounds', at);
    return n;
  }

  /** Spec 5.2.4 names: a length-prefixed UTF-8 string. */
  name(): string {
    const at = this.pos;
    const n = this.len32();
    const bytes = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    try {
      return UTF8.decode(bytes);
    } catch {
      return this.fail('malformed UTF-8 encoding', at);
    }
  }

  /** A reader over the next `size` bytes (a section or function body); this reader skips past them. */
  sub(size: number): ByteReader {
    if (size > this.remaining) this.fail('length out of bounds');
    const r = new ByteReader(this.bytes, this.pos, this.pos + size, 'unexpected end of section or function');
    this.pos += size;
    return r;
  }
}
