import type { GcHeap } from '../src/runtime/gcHeap';
import type { GcTypeRegistry } from '../src/runtime/gcTypes';
import { NullHeap } from '../src/runtime/collectors/nullHeap';
import { CopyingHeap } from '../src/runtime/collectors/copyingHeap';
import { DrcHeap } from '../src/runtime/collectors/drcHeap';
import { IncrementalHeap } from '../src/runtime/collectors/incrementalHeap';
import { storageSize } from '../src/runtime/gcLayout';
import { OracleFailure } from './OracleFailure';

/** The reason an over-limit request names (Wasmtime's AllocationTooLarge, #10453). */
export const TOO_LARGE = 'allocation too large';
/** Largest object size any collector lays out, by the oracles' own rule: sizes stay below the 26 size bits. */
const SIZE_LIMIT = 2 ** 26;

/** A built-in heap's header bytes (the length word follows it), by the oracles' own reading of each layout; null for any other heap. */
function headerBytes(heap: GcHeap): number | null {
  if (heap instanceof NullHeap) return 8;
  if (heap instanceof CopyingHeap || heap instanceof IncrementalHeap) return 16;
  if (heap instanceof DrcHeap) return 24;
  return null;
}

/**
 * The out-of-memory reason of an array request, on a built-in heap: an object over the size limit
 * is refused as `allocation too large` (an implementation limit, not a full heap: the host can tell
 * it from out of memory, and no heap of any size would take it), and nothing else is. Over the
 * limit means an object size (header, length word, elements aligned to their size) of 2^26 bytes
 * or more, or, on the null collector, whose block (the size rounded up to 8) is: it keeps the size
 * in the header's 26 collector bits. Judged on the message of the OutOfMemoryError the store threw
 * (`answer`, which starts with the reason). Throws 'leak' (the out-of-memory judgement's oracle).
 */
export function checkTooLargeReason(heap: GcHeap, types: GcTypeRegistry, typeIndex: number, length: number, message: string, opIndex: number): void {
  const header = headerBytes(heap);
  const t = types.lookup(typeIndex);
  if (header === null || t === undefined || t.kind !== 'array') return;
  const elem = storageSize(t.element.storage);
  const size = Math.ceil((header + 4) / elem) * elem + length * elem;
  const checked = heap instanceof NullHeap ? Math.ceil(size / 8) * 8 : size;
  const over = checked >= SIZE_LIMIT;
  if (over === message.startsWith(TOO_LARGE)) return;
  throw new OracleFailure('leak', opIndex, `an array of ${length} x ${elem} bytes (object size ${size}) refused ${over ? `as '${TOO_LARGE}'` : `for another reason than '${TOO_LARGE}'`}`, message, 'out-of-memory reason');
}
