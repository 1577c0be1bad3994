import type { GcHeap } from '../src/runtime/gcHeap';
import type { GcTypeRegistry } from '../src/runtime/gcTypes';
import { NullHeap } from '../src/runtime/collectors/nullHeap';
import { storageSize } from '../src/runtime/gcLayout';
import { MAX_HEAP_BYTES } from '../src/runtime/heapMemory';
import { OracleFailure } from './OracleFailure';

/** The null collector's array block by the oracles' own rule: an 8-byte header, the length word, elements aligned to their size; blocks of 8 bytes, at least 12 (nullHeap.ts). */
export function nullArrayBlock(elemBytes: number, length: number): number {
  const elems = Math.ceil(12 / elemBytes) * elemBytes;
  return Math.ceil(Math.max(elems + length * elemBytes, 12) / 8) * 8;
}

/**
 * The out-of-memory judgement's exact half on the null collector (failures `leak`, as an
 * unjustified out of memory is): a null heap never frees and allocates by bumping, and growth
 * needs no collection, so a store whose growth policy reaches the maximum (`Store.growFor`: grow
 * while the heap can grow, to the exact maximum if need be) refuses an array, inside a no-GC scope
 * too, only when its block put at the bump pointer (8 + `usedBytes`: `bumpAccounting`) would end
 * past the maximum heap (the configured maximum rounded down to 16 bytes, at most
 * `MAX_HEAP_BYTES`). Judged after the store's `allocArray` threw OutOfMemoryError (a failed
 * allocation moves no bump pointer); other heaps and other kinds are left to the estimate. O(1).
 */
export function checkNullOutOfMemory(heap: GcHeap, types: GcTypeRegistry, typeIndex: number, length: number, maxHeapBytes: number, opIndex: number, answer: string): void {
  if (!(heap instanceof NullHeap)) return;
  const t = types.lookup(typeIndex);
  if (t === undefined || t.kind !== 'array') return;
  const elem = storageSize(t.element.storage);
  const block = nullArrayBlock(elem, length);
  const bump = 8 + heap.stats().usedBytes;
  const max = Math.min(MAX_HEAP_BYTES, Math.floor(maxHeapBytes / 16) * 16);
  if (bump + block > max) return;
  throw new OracleFailure('leak', opIndex, `an array of ${length} x ${elem} bytes (a ${block}-byte block) allocated: the null heap's bump pointer is at ${bump} and its maximum ${max}`, answer, 'null out-of-memory judgement');
}
