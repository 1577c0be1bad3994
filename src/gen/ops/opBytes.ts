import type { InitValue, RefHeap, RefValue, Slot } from './opCase';

/** Abstract heap types a generated ref type or cast target is drawn from. */
export const GEN_HEAPS: readonly RefHeap[] = ['any', 'eq', 'struct', 'array', 'extern', 'i31'];

/** A heap type: abstract or one of the case's `typeCount` types. */
export function heapFromBytes(r: ByteReader, typeCount: number): RefHeap {
  const b = r.u8();
  return b & 1 ? (b >> 1) % typeCount : GEN_HEAPS[(b >> 1) % GEN_HEAPS.length]!;
}

/** A slot from bytes (fixup resolves its indices). */
export function slotFromBytes(r: ByteReader): Slot {
  const b = r.u8();
  switch (b % 6) {
    case 0: return { s: 'handle', h: r.small() };
    case 1: return { s: 'field', h: r.small(), f: b >> 3 };
    case 2: return { s: 'elem', h: r.small(), i: b >> 3 };
    case 3: return { s: 'global', g: b >> 3 };
    case 4: return { s: 'table', t: (b >> 3) & 1, i: b >> 4 };
    default: return { s: 'frame', d: (b >> 3) & 3, i: b >> 5 };
  }
}

export function refValueFromBytes(r: ByteReader): RefValue {
  const b = r.u8();
  if (b % 8 === 0) return { v: 'null' };
  if (b % 8 === 1) return { v: 'i31', n: r.i32() & 0x7fffffff };
  return { v: 'slot', slot: slotFromBytes(r) };
}

/** A ref operand, or (low bit of the first byte set) a 32-bit number for numeric storage. */
export function initValueFromBytes(r: ByteReader): InitValue {
  const b = r.u8();
  return b & 1 ? r.i32() : refValueFromBytes(r);
}

/** Generator bytes, read front to back; missing bytes read as 0, so every prefix decodes. */
export class ByteReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  done(): boolean {
    return this.pos >= this.bytes.length;
  }
  u8(): number {
    return this.pos < this.bytes.length ? this.bytes[this.pos++]! : 0;
  }
  bit(): boolean {
    return (this.u8() & 1) === 1;
  }
  /** A small handle index, biased to the newest. */
  small(): number {
    const b = this.u8();
    return b < 192 ? b % 4 : b % 64;
  }
  i32(): number {
    return (this.u8() | (this.u8() << 8) | (this.u8() << 16) | (this.u8() << 24)) | 0;
  }
}
