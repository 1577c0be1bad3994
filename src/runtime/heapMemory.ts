import { SandboxError } from '../errors/SandboxError';
import { allBytesAre } from './byteRun';
import { OutOfMemoryError } from '../errors/OutOfMemoryError';
import { InvariantError } from '../errors/InvariantError';
import { POISON_BYTE } from './gcHeap';
import { newResizableArrayBuffer, type ResizableArrayBuffer } from './resizableArrayBuffer';

/** Four POISON_BYTEs as one little-endian u32. Its kind bits (0b110110) are not a valid kind. */
export const POISON_WORD = (POISON_BYTE * 0x01010101) >>> 0;

/** Granularity of heap sizes: every collector's object alignment divides it (#13774). */
export const HEAP_SIZE_ALIGN = 16;

/** Largest heap a 32-bit GcRef can address, rounded down to HEAP_SIZE_ALIGN. */
export const MAX_HEAP_BYTES = 0x1_0000_0000 - HEAP_SIZE_ALIGN;

/**
 * The memory of one GC heap: ONE resizable, little-endian ArrayBuffer plus typed views over it
 * (the TypeScript form of `vmctx_gc_heap_base .. + bound`, seed `GcHeap` safety section).
 *
 * Typed arrays silently ignore out-of-bounds indices, so nothing here relies on them for safety:
 * the checked accessors test bounds and alignment before touching memory and raise SandboxError,
 * and the collectors index the views directly only inside an object that `GcHeapBase.checkObject`
 * has proved lies entirely within `bound`. Refs are byte offsets into this buffer and never leave
 * it, so a forged ref can at worst read or write stale bytes of this same heap.
 */
export class HeapMemory {
  /** The heap's single buffer; the same object across growth. */
  readonly buffer: ResizableArrayBuffer;
  /** Current byte length of `buffer` (seed: vmctx_gc_heap_bound). */
  protected bound: number;
  /** The largest `bound` growth may reach. */
  protected readonly maxBound: number;
  protected u8!: Uint8Array;
  protected i8!: Int8Array;
  protected u16!: Uint16Array;
  protected i16!: Int16Array;
  protected u32!: Uint32Array;
  protected i32!: Int32Array;
  protected f64!: Float64Array;
  protected i64!: BigInt64Array;

  constructor(initialBytes: number, maxBytes: number) {
    if (!Number.isSafeInteger(initialBytes) || initialBytes < 0 || !Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new InvariantError('heap size', `initial ${initialBytes}, max ${maxBytes}`);
    }
    const max = Math.min(MAX_HEAP_BYTES, Math.floor(maxBytes / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN);
    const initial = Math.max(HEAP_SIZE_ALIGN * 4, Math.ceil(initialBytes / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN);
    if (initial > max) throw new OutOfMemoryError(initial, `initial heap size exceeds the maximum of ${max} bytes`);
    this.maxBound = max;
    this.buffer = newResizableArrayBuffer(initial, max);
    this.bound = initial;
    this.makeViews();
  }

  /** Grow the buffer in place to `newBound` bytes (a multiple of HEAP_SIZE_ALIGN, at most maxBound). */
  protected resizeBuffer(newBound: number): void {
    if (newBound < this.bound || newBound > this.maxBound || newBound % HEAP_SIZE_ALIGN !== 0) {
      throw new InvariantError('heap resize', `${this.bound} -> ${newBound} (max ${this.maxBound})`);
    }
    this.buffer.resize(newBound);
    this.bound = newBound;
    this.makeViews();
  }

  /** Fixed-length views (not length-tracking ones, which are slower in V8), rebuilt on every resize. */
  private makeViews(): void {
    const b = this.buffer;
    const n = this.bound;
    this.u8 = new Uint8Array(b, 0, n);
    this.i8 = new Int8Array(b, 0, n);
    this.u16 = new Uint16Array(b, 0, n >>> 1);
    this.i16 = new Int16Array(b, 0, n >>> 1);
    this.u32 = new Uint32Array(b, 0, n >>> 2);
    this.i32 = new Int32Array(b, 0, n >>> 2);
    this.f64 = new Float64Array(b, 0, n >>> 3);
    this.i64 = new BigInt64Array(b, 0, n >>> 3);
  }

  /** Throws SandboxError('out of bounds') unless `[offset, offset + length)` lies inside the buffer. */
  checkRange(offset: number, length: number): void {
    if (!(Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0 && offset + length <= this.bound)) {
      throw new SandboxError('out of bounds', offset >>> 0, `[${offset}, +${length}) outside 0..${this.bound}`);
    }
  }

  /** Throws SandboxError('misaligned' / 'out of bounds') unless an `align`-byte access at `offset` is valid. */
  checkAccess(offset: number, align: number): void {
    if (Number.isInteger(offset) && offset % align !== 0) throw new SandboxError('misaligned', offset >>> 0, `${align}-byte access`);
    this.checkRange(offset, align);
  }

  readU8(offset: number): number {
    this.checkAccess(offset, 1);
    return this.u8[offset]!;
  }

  readU32(offset: number): number {
    this.checkAccess(offset, 4);
    return this.u32[offset >>> 2]!;
  }

  writeU32(offset: number, value: number): void {
    this.checkAccess(offset, 4);
    this.u32[offset >>> 2] = value;
  }

  /** Fill `[offset, offset + length)` with `byte`, bounds-checked first. */
  fillBytes(offset: number, length: number, byte: number): void {
    this.checkRange(offset, length);
    this.u8.fill(byte, offset, offset + length);
  }

  /**
   * Index of the first byte in `[offset, offset + length)` that is not `byte`, or -1. Zeal uses it
   * to prove freed memory was not written while free.
   */
  firstByteNot(offset: number, length: number, byte: number): number {
    this.checkRange(offset, length);
    // A long run compares natively (memcmp) first: zeal scans every free byte at each collection.
    if (length >= NATIVE_SCAN_BYTES && allBytesAre(this.buffer, offset, length, byte)) return -1;
    const u8 = this.u8;
    const end = offset + length;
    let i = offset;
    if ((i & 3) === 0) {
      const word = (byte * 0x01010101) >>> 0;
      const u32 = this.u32;
      for (; i + 4 <= end; i += 4) if (u32[i >>> 2] !== word) break;
    }
    for (; i < end; i++) if (u8[i] !== byte) return i;
    return -1;
  }
}

/** From this length on, `firstByteNot` first compares natively: faster than the loop below it, slower under it. */
const NATIVE_SCAN_BYTES = 256;
