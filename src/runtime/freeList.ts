import { InvariantError } from '../errors/InvariantError';
import { SandboxError } from '../errors/SandboxError';

/** Free-list granularity: block starts and sizes are multiples of 16, and 16 is the minimum block. */
export const FREE_LIST_ALIGN = 16;
/** Blocks up to this size live in exact-size classes; larger ones in one list scanned for best fit. */
export const SMALL_LIMIT = 4096;
const CLASSES = SMALL_LIMIT / FREE_LIST_ALIGN + 1;

/**
 * Fault-injection seam (tests/brokenCollectors): a correct heap passes none.
 */
export interface FreeListFaults {
  /** Blocks larger than SMALL_LIMIT are indexed by start and end but never enter the large set, so they are never reused. */
  readonly forgetLargeBlocks?: boolean;
}

/**
 * Wasmtime's DRC free list, kept outside the heap (Wasmtime keeps a BTreeMap beside the heap too):
 * 16-byte alignment and minimum block, index 0 never handed out, best-fit allocation, and blocks
 * coalesced with both neighbours on free (coalescing with the bump region is the heap's job:
 * `takeBlockEndingAt`). Sizes are plain JS numbers, so the aligned-size u32 overflow of #13067
 * cannot happen; callers reject sizes above the heap bound first.
 *
 * Best fit is exact: small blocks sit in per-size classes scanned upward from the request's class,
 * large blocks in one set scanned for the smallest that fits; ties go to the earliest freed
 * (insertion order), so allocation is deterministic.
 */
export class FreeList {
  private readonly sizeAt = new Map<number, number>();
  private readonly startEndingAt = new Map<number, number>();
  /** Created on first use: a heap touches few of the 257 classes, and a case builds several heaps. */
  private readonly classes: (Set<number> | undefined)[] = new Array<Set<number> | undefined>(CLASSES);
  private readonly classNonEmpty = new Uint8Array(CLASSES);
  private readonly large = new Set<number>();
  private smallBlocks = 0;
  private freeBytesTotal = 0;
  private largeAllocCount = 0;

  constructor(private readonly faults: FreeListFaults = {}) {}

  get blockCount(): number {
    return this.sizeAt.size;
  }

  get freeBytes(): number {
    return this.freeBytesTotal;
  }

  /** Allocations served from a block larger than SMALL_LIMIT (the large set), since creation: a reach statistic. */
  get largeAllocs(): number {
    return this.largeAllocCount;
  }

  /** Size of the free block starting at `start`, or 0. */
  blockAt(start: number): number {
    return this.sizeAt.get(start) ?? 0;
  }

  /**
   * Remove and return the start of the best-fitting block for `size` (a multiple of 16), splitting
   * off and keeping the remainder; 0 when no block fits.
   */
  alloc(size: number): number {
    if (size <= 0 || size % FREE_LIST_ALIGN !== 0) throw new InvariantError('free list', `bad request size ${size}`);
    let start = 0;
    let blockSize = 0;
    if (size <= SMALL_LIMIT && this.smallBlocks > 0) {
      for (let c = size / FREE_LIST_ALIGN; c < CLASSES; c++) {
        if (this.classNonEmpty[c] === 0) continue;
        for (const s of this.classes[c]!) {
          start = s;
          break;
        }
        blockSize = c * FREE_LIST_ALIGN;
        break;
      }
    }
    if (start === 0) {
      for (const s of this.large) {
        const n = this.sizeAt.get(s)!;
        if (n >= size && (blockSize === 0 || n < blockSize)) {
          start = s;
          blockSize = n;
          if (n === size) break;
        }
      }
    }
    if (start === 0) return 0;
    if (blockSize > SMALL_LIMIT) this.largeAllocCount++;
    this.remove(start, blockSize);
    if (blockSize > size) this.add(start + size, blockSize - size);
    return start;
  }

  /**
   * Return `[start, start + size)` to the list, merged with a free block ending at `start` and one
   * starting at its end. Returns the merged block's start; its size is `blockAt(result)`.
   * An overlap with a free block (a double free through a corrupt header) raises SandboxError.
   */
  free(start: number, size: number): number {
    if (start <= 0 || start % FREE_LIST_ALIGN !== 0 || size <= 0 || size % FREE_LIST_ALIGN !== 0) {
      throw new InvariantError('free list', `bad block [${start}, +${size})`);
    }
    if (this.sizeAt.has(start)) throw new SandboxError('freed', start, 'double free');
    let s = start;
    let n = size;
    const before = this.startEndingAt.get(start);
    if (before !== undefined) {
      const bn = this.sizeAt.get(before)!;
      this.remove(before, bn);
      s = before;
      n += bn;
    }
    const afterSize = this.sizeAt.get(start + size);
    if (afterSize !== undefined) {
      this.remove(start + size, afterSize);
      n += afterSize;
    }
    this.add(s, n);
    return s;
  }

  /** If a free block ends exactly at `end` (the bump pointer), remove it and return its start; else 0. */
  takeBlockEndingAt(end: number): number {
    const s = this.startEndingAt.get(end);
    if (s === undefined) return 0;
    this.remove(s, end - s);
    return s;
  }

  clear(): void {
    this.sizeAt.clear();
    this.startEndingAt.clear();
    for (const c of this.classes) c?.clear();
    this.classNonEmpty.fill(0);
    this.large.clear();
    this.smallBlocks = 0;
    this.freeBytesTotal = 0;
  }

  /** Every block as `[start, size]`, sorted by start. */
  blocks(): [number, number][] {
    return [...this.sizeAt.entries()].sort((a, b) => a[0] - b[0]);
  }

  /**
   * Zeal check: blocks sorted, aligned, at least 16 bytes, inside `[lowest, limit)`, non-overlapping,
   * coalesced (no two adjacent, none touching the bump pointer `limit`), and the side indices
   * agree. Throws InvariantError('free list', ...).
   */
  verify(lowest: number, limit: number): void {
    const bad = (msg: string): never => {
      throw new InvariantError('free list', msg);
    };
    let prevEnd = -1;
    let total = 0;
    let small = 0;
    for (const [s, n] of this.blocks()) {
      if (s % FREE_LIST_ALIGN !== 0 || n % FREE_LIST_ALIGN !== 0 || n < FREE_LIST_ALIGN) bad(`misaligned block [${s}, +${n})`);
      if (s < lowest || s + n > limit) bad(`block [${s}, +${n}) outside [${lowest}, ${limit})`);
      if (s < prevEnd) bad(`block at ${s} overlaps the previous one ending at ${prevEnd}`);
      if (s === prevEnd) bad(`blocks adjacent at ${s}: not coalesced`);
      if (s + n === limit) bad(`block [${s}, +${n}) touches the bump pointer: not coalesced`);
      if (this.startEndingAt.get(s + n) !== s) bad(`end index wrong for block at ${s}`);
      const inClass = n <= SMALL_LIMIT ? this.classes[n / FREE_LIST_ALIGN]?.has(s) === true : this.large.has(s);
      if (!inClass) bad(`block at ${s} missing from its size class`);
      if (n <= SMALL_LIMIT) small++;
      prevEnd = s + n;
      total += n;
    }
    if (this.startEndingAt.size !== this.sizeAt.size) bad('end index size mismatch');
    if (total !== this.freeBytesTotal) bad(`free bytes ${this.freeBytesTotal} but blocks sum to ${total}`);
    if (small !== this.smallBlocks) bad('small block count mismatch');
    let classed = this.large.size;
    for (let c = 0; c < CLASSES; c++) {
      const sz = this.classes[c]?.size ?? 0;
      classed += sz;
      if ((sz > 0 ? 1 : 0) !== this.classNonEmpty[c]) bad(`class ${c} non-empty flag wrong`);
    }
    if (classed !== this.sizeAt.size) bad('size classes hold stale blocks');
  }

  private add(start: number, size: number): void {
    this.sizeAt.set(start, size);
    this.startEndingAt.set(start + size, start);
    this.freeBytesTotal += size;
    if (size <= SMALL_LIMIT) {
      const c = size / FREE_LIST_ALIGN;
      (this.classes[c] ??= new Set()).add(start);
      this.classNonEmpty[c] = 1;
      this.smallBlocks++;
    } else if (!this.faults.forgetLargeBlocks) {
      this.large.add(start);
    }
  }

  private remove(start: number, size: number): void {
    this.sizeAt.delete(start);
    this.startEndingAt.delete(start + size);
    this.freeBytesTotal -= size;
    if (size <= SMALL_LIMIT) {
      const c = size / FREE_LIST_ALIGN;
      const set = this.classes[c]!;
      set.delete(start);
      if (set.size === 0) this.classNonEmpty[c] = 0;
      this.smallBlocks--;
    } else {
      this.large.delete(start);
    }
  }
}
