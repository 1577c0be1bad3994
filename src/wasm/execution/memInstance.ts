import type { MemType } from '../syntax/types';
import { Trap } from '../../errors/Trap';
import { newResizableArrayBuffer, type ResizableArrayBuffer } from '../../runtime/resizableArrayBuffer';

/** Spec 4.2.8 page size. */
export const PAGE_SIZE = 65536;

/**
 * Spec 4.2.8 memory instance: one resizable ArrayBuffer (reserved up to the smaller of the
 * declared maximum and the store's page limit) with length-tracking views, so growth never
 * replaces `view`/`bytes`.
 */
export class MemInstance {
  readonly externKind = 'memory' as const;
  readonly buffer: ResizableArrayBuffer;
  readonly view: DataView;
  readonly bytes: Uint8Array;
  /** The most pages this memory may ever have (declared max capped by the store's limit). */
  readonly maxPages: number;

  constructor(
    /** Current limits: `min` grows with `memory.grow` (spec 4.5.3.8 "growmem"). */
    public type: MemType,
    pageLimit: number,
  ) {
    this.maxPages = Math.min(type.limits.max ?? 65536, pageLimit);
    if (type.limits.min > this.maxPages) throw new Trap('out of memory', `memory of ${type.limits.min} pages exceeds the limit of ${this.maxPages}`);
    this.buffer = newResizableArrayBuffer(type.limits.min * PAGE_SIZE, Math.max(this.maxPages, type.limits.min) * PAGE_SIZE);
    this.view = new DataView(this.buffer);
    this.bytes = new Uint8Array(this.buffer);
  }

  /** Size in pages (`memory.size`). */
  get pages(): number {
    return this.buffer.byteLength / PAGE_SIZE;
  }

  get byteLength(): number {
    return this.buffer.byteLength;
  }

  /** Spec 4.5.3.8 growmem: the old size in pages, or -1 when the new size would pass the maximum. */
  grow(delta: number): number {
    const old = this.pages;
    const next = old + delta;
    if (next > this.maxPages) return -1;
    if (delta > 0) this.buffer.resize(next * PAGE_SIZE);
    this.type = { limits: { min: next, ...(this.type.limits.max !== undefined ? { max: this.type.limits.max } : {}) } };
    return old;
  }
}
