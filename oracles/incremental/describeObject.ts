import type { GcHeap } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { GcKind } from '../../src/runtime/gcKind';

/** "struct 64 (type 1)", "array 128 (type 2)", "externref 256": an object as marking-oracle reports name it. */
export function describeObject(heap: GcHeap, ref: GcRef): string {
  try {
    const k = heap.headerKind(ref);
    if (k === GcKind.ExternRef) return `externref ${ref}`;
    return `${k === GcKind.ArrayRef ? 'array' : 'struct'} ${ref} (type ${heap.headerType(ref)})`;
  } catch {
    return `object ${ref} (invalid header)`;
  }
}
