import type { InitValue, NumValue, RefHeap, RefValue, Slot } from './opCase';
import { Choices } from '../wasm/choices';

/**
 * The decision source of op-stream cases: the Wasm generator's `Choices` (every choice reads bytes
 * from a fixed byte string, past the end reads as zeros, and 0 is each choice's simplest option),
 * plus the few raw reads op parameters use. Seeded cases, jsfuzz inputs and corpus bytes all go
 * through it (see opCaseFromBytes), so they explore one distribution with one set of weights.
 */
export class ByteReader extends Choices {
  private readonly length: number;
  constructor(bytes: Uint8Array) {
    super(bytes);
    this.length = bytes.length;
  }
  /** All input bytes have been read (further reads yield zeros). */
  done(): boolean {
    return this.consumed >= this.length;
  }
  u8(): number {
    return this.byte();
  }
  bit(): boolean {
    return (this.byte() & 1) === 1;
  }
  /** A small handle index, biased to the newest. */
  small(): number {
    return recentIndex(this);
  }
  i32(): number {
    return this.u32() | 0;
  }
  /**
   * A snippet or op kind chosen by `weights` from two bytes (a 16-bit value modulo the total), so
   * that the kinds are drawn by their declared weights whatever the byte source: fast-check's
   * biased byte arrays put a third of all bytes in 0-7 and a sixth in 248-255, which a one-byte
   * modulo turns into a few fixed kinds (main's seeded generator drew kinds with fc.oneof, which
   * follows the weights exactly). A zero first byte is the first kind and reads no second byte,
   * so a zeroed run of bytes decodes to a run of first kinds (empty snippets: what the byte-level
   * shrinker relies on).
   */
  kind(weights: readonly number[]): number {
    const hi = this.byte();
    if (hi === 0) return 0;
    let total = 0;
    for (const w of weights) total += w;
    let v = ((hi << 8) | this.byte()) % total;
    for (let i = 0; i < weights.length; i++) {
      v -= weights[i]!;
      if (v < 0) return i;
    }
    return weights.length - 1;
  }
  /**
   * Every weighted choice of an op case (slot and value kinds, index and length ranges, the zeal
   * period, forge modes) is a `kind`: `Choices.weighted` reads one byte modulo the total, which
   * sends fast-check's biased bytes to a few fixed options (a slot kind from one byte modulo 18 was
   * never a global or an element for a byte in 0-7 or 248-255).
   */
  override weighted(weights: readonly number[]): number {
    return this.kind(weights);
  }
}

/** Abstract heap types a generated ref type or cast target is drawn from. */
export const GEN_HEAPS: readonly RefHeap[] = ['any', 'eq', 'struct', 'array', 'extern', 'i31'];

/**
 * Small indices, mostly 0-3: handles count from the newest and frames from the innermost, so small
 * values hit recent objects, which is what makes writes build edges between live objects.
 */
export function recentIndex(r: ByteReader): number {
  return r.weighted([8, 1]) === 0 ? r.int(4) : r.int(64);
}

/** Range starts and lengths for bulk ops: mostly inside small tables and arrays, sometimes just past them. */
export function smallIndex(r: ByteReader): number {
  return r.weighted([6, 1]) === 0 ? r.int(5) : r.int(21);
}

/** Table growth: mostly a few elements, sometimes enough to pass the maximum (table.grow yields -1). */
export function growth(r: ByteReader): number {
  return r.weighted([4, 1]) === 0 ? r.int(5) : r.range(16, 24);
}

export function arrayLength(r: ByteReader): number {
  return r.weighted([6, 1]) === 0 ? r.int(7) : r.int(65);
}

/** A heap type: abstract (from `heaps`) or one of the case's `typeCount` types. */
export function heapFromBytes(r: ByteReader, typeCount: number, heaps: readonly RefHeap[] = GEN_HEAPS): RefHeap {
  return r.bit() ? r.int(typeCount) : r.pick(heaps);
}

/** A slot (fixup resolves its indices). */
export function slotFromBytes(r: ByteReader): Slot {
  switch (r.weighted([3, 6, 3, 2, 2, 2])) {
    case 0: return { s: 'handle', h: recentIndex(r) };
    case 1: return { s: 'field', h: recentIndex(r), f: r.int(8) };
    case 2: return { s: 'elem', h: recentIndex(r), i: r.int(8) };
    case 3: return { s: 'global', g: r.int(4) };
    case 4: return { s: 'table', t: r.int(3), i: r.int(8) };
    default: return { s: 'frame', d: r.int(3), i: r.int(8) };
  }
}

export function refValueFromBytes(r: ByteReader): RefValue {
  switch (r.weighted([2, 1, 8])) {
    case 0: return { v: 'null' };
    case 1: return { v: 'i31', n: r.u32() & 0x7fffffff };
    default: return { v: 'slot', slot: slotFromBytes(r) };
  }
}

const NUM_EDGES: readonly number[] = [0, -1, 127, -128, 255, 32767, -32768, 65535, 0x7fffffff, -0x80000000];

/** A numeric operand: any i32, a width's edge value, a finite double, or an i64 (as a decimal string). */
export function numValueFromBytes(r: ByteReader): NumValue {
  switch (r.int(4)) {
    case 0: return r.i32();
    case 1: return r.pick(NUM_EDGES);
    case 2: {
      const v = new DataView(new ArrayBuffer(8));
      for (let i = 0; i < 8; i++) v.setUint8(i, r.byte());
      const d = v.getFloat64(0, true);
      return Number.isFinite(d) ? d : 0;
    }
    default: {
      const lo = BigInt(r.u32());
      const hi = BigInt(r.u32());
      return BigInt.asIntN(64, (hi << 32n) | lo).toString();
    }
  }
}

/** Allocation and fill operands: fixup keeps a RefValue for ref storage and a number for numeric storage (the other kind becomes null / 0). */
export function initValueFromBytes(r: ByteReader): InitValue {
  return r.weighted([3, 2]) === 0 ? refValueFromBytes(r) : numValueFromBytes(r);
}
