import { InvariantError } from '../../errors/InvariantError';
import type { FreeList } from '../freeList';
import { FREED_WORD } from '../gcHeapBase';
import { POISON_WORD } from '../heapMemory';

/**
 * Walks of a heap whose objects lie between `first` and the bump pointer `end`, with free-list
 * blocks in between and each object's byte size at `sizeOffset` in its header (DRC, incremental).
 * Visits every object in address order; a size that is not a positive multiple of `align` inside
 * the region is an InvariantError.
 */
export function walkFreeListHeap(u32: Uint32Array, freeList: FreeList, first: number, end: number, sizeOffset: number, align: number, visit: (ref: number) => void): void {
  for (let p = first; p < end;) {
    const free = freeList.blockAt(p);
    if (free !== 0) {
      p += free;
      continue;
    }
    const size = u32[(p + sizeOffset) >>> 2]!;
    if (size < align || (size & (align - 1)) !== 0 || p + size > end) {
      throw new InvariantError('heap walk', `object at ${p} has size ${size}`);
    }
    visit(p);
    p += size;
  }
}

/**
 * Zeal check of a free-list heap's allocator: the bump pointer aligned inside [first, bound], the
 * free list sorted, coalesced and below the bump pointer, every block headed by the freed word (or
 * poison). InvariantError on the first violation.
 */
export function verifyFreeListHeap(u32: Uint32Array, freeList: FreeList, first: number, bump: number, bound: number, align: number, poison: boolean): void {
  if (bump < first || bump > bound || (bump & (align - 1)) !== 0) {
    throw new InvariantError('bump pointer', `${bump} outside [${first}, ${bound}]`);
  }
  freeList.verify(first, bump);
  for (const [s] of freeList.blocks()) {
    const w0 = u32[s >>> 2]!;
    if (w0 !== FREED_WORD && !(poison && w0 === POISON_WORD)) throw new InvariantError('free list', `block at ${s} lacks the freed header`);
  }
}
