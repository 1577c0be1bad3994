import type { GcHeap } from '../src/runtime/gcHeap';
import type { GcTypeRegistry } from '../src/runtime/gcTypes';
import { NullHeap } from '../src/runtime/collectors/nullHeap';
import { CopyingHeap } from '../src/runtime/collectors/copyingHeap';
import { DrcHeap } from '../src/runtime/collectors/drcHeap';
import { IncrementalHeap } from '../src/runtime/collectors/incrementalHeap';
import { storageSize } from '../src/runtime/gcLayout';
import { HEAP_SIZE_ALIGN, MAX_HEAP_BYTES } from '../src/runtime/heapMemory';

/**
 * Whether no heap this store may grow to can hold an array of `length` elements of `typeIndex`, on a
 * built-in heap, by the oracles' own reading of each layout (header bytes, the length word,
 * elements aligned to their size, blocks of the heap's alignment; the maximum bound is the
 * configured maximum rounded down to 16 bytes, at most MAX_HEAP_BYTES): null 8-byte header,
 * 8-byte blocks after an 8-byte null granule; DRC 24 / 16 / 16; incremental 16 / 16 / 16; copying
 * 16-byte header and blocks in a semi-space of at most half the bound past its 16-byte granule,
 * rounded down to 16. Such a request is one no collection can help, so the heap must throw
 * OutOfMemoryError for it: a null answer ("collect and retry", docs/collector-api.md) sends the
 * store into a collection and growth that cannot succeed. Returns the reason as text, or null
 * (also for other heaps and kinds). O(1).
 */
export function beyondMaximum(heap: GcHeap, types: GcTypeRegistry, typeIndex: number, length: number, maxBytes: number): string | null {
  const layout = heap instanceof NullHeap ? [8, 8, 8] : heap instanceof DrcHeap ? [24, 16, 16] : heap instanceof IncrementalHeap || heap instanceof CopyingHeap ? [16, 16, 16] : null;
  const t = types.lookup(typeIndex);
  if (layout === null || t === undefined || t.kind !== 'array') return null;
  const [header, align, first] = layout as [number, number, number];
  const elem = storageSize(t.element.storage);
  const block = Math.ceil((Math.ceil((header + 4) / elem) * elem + length * elem) / align) * align;
  const max = Math.min(MAX_HEAP_BYTES, Math.floor(maxBytes / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN);
  const room = heap instanceof CopyingHeap ? Math.floor((max - first) / (2 * align)) * align : max - first;
  return block > room ? `an array of ${length} x ${elem} bytes (a ${block}-byte block) where the largest ${heap instanceof CopyingHeap ? 'semi-space' : 'heap'} holds ${room}` : null;
}
