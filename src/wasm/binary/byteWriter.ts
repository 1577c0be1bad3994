const UTF8 = new TextEncoder();

/**
 * A growable byte buffer with the spec 5.2 value encodings. LEB128 output is always canonical
 * (shortest form), so encoding what the decoder produced reproduces canonical input byte for byte.
 */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b & 0xff;
  }

  bytes(bs: Uint8Array): void {
    this.reserve(bs.length);
    this.buf.set(bs, this.len);
    this.len += bs.length;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^53 (u32 in practice). */
  u32(n: number): void {
    let v = n;
    for (;;) {
      const b = v % 128;
      v = Math.floor(v / 128);
      if (v === 0) {
        this.u8(b);
        return;
      }
      this.u8(b | 0x80);
    }
  }

  /** Signed LEB128 of an integer in the safe range (s32 and s33 in practice). */
  sN(n: number): void {
    let v = n;
    for (;;) {
      const b = ((v % 128) + 128) % 128;
      v = Math.floor(v / 128);
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      if (done) {
        this.u8(b);
        return;
      }
      this.u8(b | 0x80);
    }
  }

  /** Signed LEB128 of a 64-bit integer. */
  s64(n: bigint): void {
    let v = BigInt.asIntN(64, n);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      if (done) {
        this.u8(b);
        return;
      }
      this.u8(b | 0x80);
    }
  }

  /** Unsigned LEB128 of a u64 given as a bigint. */
  u64(n: bigint): void {
    let v = BigInt.asUintN(64, n);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if (v === 0n) {
        this.u8(b);
        return;
      }
      this.u8(b | 0x80);
    }
  }

  /** A u32 as four little-endian bytes (f32 bit patterns). */
  fixed32(n: number): void {
    this.u8(n);
    this.u8(n >>> 8);
    this.u8(n >>> 16);
    this.u8(n >>> 24);
  }

  /** A float64's u64 bit pattern as eight little-endian bytes. */
  f64Bits(bits: bigint): void {
    this.fixed32(Number(bits & 0xffffffffn));
    this.fixed32(Number((bits >> 32n) & 0xffffffffn));
  }

  /** Spec 5.2.4 name: length-prefixed UTF-8. */
  name(s: string): void {
    const bs = UTF8.encode(s);
    this.u32(bs.length);
    this.bytes(bs);
  }

  /** Length-prefixed contents: `fill` writes into a fresh writer whose size is emitted first. */
  sized(fill: (w: ByteWriter) => void): void {
    const inner = new ByteWriter();
    fill(inner);
    this.u32(inner.length);
    this.bytes(inner.finish());
  }

  /** The bytes written so far (a copy-free view sized to the content). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
