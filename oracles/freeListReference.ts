import { insertAt, removeAt } from './arrayEdits';

/** One free block of the reference: where, how big, and when it entered the list (a counter). */
export interface ReferenceBlock {
  readonly start: number;
  readonly size: number;
  readonly seq: number;
}

/**
 * The free-list oracle's reference: the free blocks as two sorted arrays, one by start (for
 * coalescing) and one by (size, entry order) (for best fit), written without the size classes,
 * hash maps and large set of `FreeList` it judges. A block "enters" the list when a free (after
 * merging with its neighbours) or a split remainder adds it; it is newer than every block already
 * there. Best fit is the first block of the size order that fits: the smallest, earliest entered
 * among equals. Each operation costs two binary searches and an in-place array insert or removal.
 */
export class FreeListReference {
  private readonly byStart: ReferenceBlock[] = [];
  private readonly bySize: ReferenceBlock[] = [];
  private entered = 0;
  /** Bytes in free blocks. */
  freeBytes = 0;

  get blockCount(): number {
    return this.byStart.length;
  }

  /** Index of the first block starting at or after `at`. */
  private firstFrom(at: number): number {
    let lo = 0;
    let hi = this.byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.byStart[mid]!.start < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first block in size order whose (size, seq) is not below `(size, seq)`. */
  private firstBySize(size: number, seq: number): number {
    let lo = 0;
    let hi = this.bySize.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const b = this.bySize[mid]!;
      if (b.size < size || (b.size === size && b.seq < seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The block starting exactly at `start`, if free. */
  at(start: number): ReferenceBlock | undefined {
    const b = this.byStart[this.firstFrom(start)];
    return b !== undefined && b.start === start ? b : undefined;
  }

  /** The block ending exactly at `end`, if free. */
  endingAt(end: number): ReferenceBlock | undefined {
    const b = this.byStart[this.firstFrom(end) - 1];
    return b !== undefined && b.start + b.size === end ? b : undefined;
  }

  /** The free block `[start, start + size)` overlaps, if any. */
  overlapping(start: number, size: number): ReferenceBlock | undefined {
    const i = this.firstFrom(start);
    const prev = this.byStart[i - 1];
    if (prev !== undefined && prev.start + prev.size > start) return prev;
    const next = this.byStart[i];
    return next !== undefined && next.start < start + size ? next : undefined;
  }

  /** Best fit for `size`: the smallest block of at least `size` bytes, the earliest entered among equals. */
  bestFit(size: number): ReferenceBlock | undefined {
    return this.bySize[this.firstBySize(size, -1)];
  }

  /** A new block (newer than every other). */
  add(start: number, size: number): void {
    const b: ReferenceBlock = { start, size, seq: this.entered++ };
    insertAt(this.byStart, this.firstFrom(start), b);
    insertAt(this.bySize, this.firstBySize(size, b.seq), b);
    this.freeBytes += size;
  }

  delete(b: ReferenceBlock): void {
    removeAt(this.byStart, this.firstFrom(b.start));
    removeAt(this.bySize, this.firstBySize(b.size, b.seq));
    this.freeBytes -= b.size;
  }

  /**
   * Free `[start, start + size)` (not overlapping a free block), merged with a free block ending at
   * `start` and one starting at its end; returns the merged block.
   */
  free(start: number, size: number): ReferenceBlock {
    let s = start;
    let n = size;
    const before = this.endingAt(start);
    if (before !== undefined) {
      this.delete(before);
      s = before.start;
      n += before.size;
    }
    const after = this.at(start + size);
    if (after !== undefined) {
      this.delete(after);
      n += after.size;
    }
    this.add(s, n);
    return this.at(s)!;
  }

  clear(): void {
    this.byStart.length = 0;
    this.bySize.length = 0;
    this.freeBytes = 0;
  }
}
