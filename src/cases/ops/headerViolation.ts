import type { SandboxViolation } from '../../errors/SandboxError';
import type { GcHeap } from '../../runtime/gcHeap';
import type { GcRef } from '../../runtime/gcRef';
import { K_ARRAY, K_EXN, K_EXTERN, K_FREED, K_STRUCT } from '../../runtime/gcHeapBase';
import { POISON_WORD } from '../../runtime/heapMemory';

/** The checks `GcHeapBase.checkObject` makes from the ref alone, before it reads the header. */
const BEFORE_HEADER: readonly SandboxViolation[] = ['null', 'i31', 'misaligned', 'out of bounds'];

/**
 * The violations a validating use of `ref` may raise, judged from the first word at `ref` as it is
 * now (read raw, as forgeInput.ts writes): a freed block's word (all six kind bits set) or the
 * poison word is 'freed', kind bits that are none of the five kinds are 'bad header' (checkObject's
 * contract), unless a check made from the ref alone came first. Null when the word is a live
 * kind's: the object may be valid, and stale data is allowed. O(1): one word.
 */
export function headerViolations(heap: GcHeap, ref: GcRef): readonly SandboxViolation[] | null {
  const bound = heap.vmctxGcHeapBound();
  if ((ref & 3) !== 0 || ref + 4 > bound) return null;
  const w0 = new Uint32Array(heap.vmctxGcHeapBase(), ref, 1)[0]!;
  const k = w0 >>> 26;
  if (k === K_FREED || w0 === POISON_WORD) return [...BEFORE_HEADER, 'freed'];
  if (k !== K_STRUCT && k !== K_ARRAY && k !== K_EXTERN && k !== K_EXN) return [...BEFORE_HEADER, 'bad header'];
  return null;
}
