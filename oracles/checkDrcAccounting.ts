import type { GcHeap, HeapStats } from '../src/runtime/gcHeap';
import { DrcHeap } from '../src/runtime/collectors/drcHeap';

/** The counters every DRC heap reports in `stats().counters` (drcHeap.ts `collectorCounters`). */
export const DRC_COUNTERS = ['frees', 'stackRootsListLength', 'stackRootsListLengthAfterGc', 'unlistedStackRoots', 'freeBlocks', 'freeBytes', 'largeBlockAllocs', 'bumpPointer'] as const;

/** Bytes at the start of a DRC heap no object uses (drcHeap.ts FIRST_OBJECT: ref 0 is null). */
const DRC_RESERVED = 16;

/**
 * The accounting oracle's part for DRC heaps (keyed on the class: a variant built on DrcHeap
 * inherits it), from one `stats()` and nothing else, so it is O(1) per check. DRC's bookkeeping
 * promises, since the heap was created or reset:
 *  - it reports every counter of `DRC_COUNTERS`;
 *  - `frees` = `allocs` - `objectCount`: every object allocated is either still there or was freed
 *    exactly once (a count reaching zero), and nothing else frees;
 *  - `usedBytes` = `bumpPointer` - 16 - `freeBytes`: the bump region past the reserved null granule,
 *    less the free list's blocks, all of which lie below the bump pointer (a block ending at it
 *    is merged back into the bump region); 16 <= `bumpPointer` <= the bound, a multiple of 16;
 *  - `freeBlocks` is 0 exactly when `freeBytes` is, and every free block has at least 16 bytes;
 *  - `stackRootsListLength` >= `stackRootsListLengthAfterGc`: between collections the
 *    over-approximated list only grows (a ref leaves it only in a collection's sweep).
 * Returns the first failure as (expected, actual), or null (also for a heap that is not DRC); the
 * caller throws it as `accounting`. Allocates nothing when the heap passes: it runs after every op.
 */
export function checkDrcAccounting(heap: GcHeap, s: HeapStats, bound: number): [string, string] | null {
  if (!(heap instanceof DrcHeap)) return null;
  const c = s.counters;
  // After every op on a DRC heap: constant keys on the passing path.
  if (typeof c['frees'] !== 'number' || typeof c['stackRootsListLength'] !== 'number' || typeof c['stackRootsListLengthAfterGc'] !== 'number' || typeof c['unlistedStackRoots'] !== 'number' ||
      typeof c['freeBlocks'] !== 'number' || typeof c['freeBytes'] !== 'number' || typeof c['largeBlockAllocs'] !== 'number' || typeof c['bumpPointer'] !== 'number') {
    return [`DRC counter ${DRC_COUNTERS.find((k) => typeof c[k] !== 'number')!} reported`, 'absent'];
  }
  const allocs = c['allocs']!;
  if (c['frees'] !== allocs - s.objectCount) return [`frees ${allocs - s.objectCount} (allocs ${allocs} less objectCount ${s.objectCount})`, `${c['frees']}`];
  const bump = c['bumpPointer']!;
  const freeBytes = c['freeBytes']!;
  if (!(bump >= DRC_RESERVED && bump <= bound && bump % 16 === 0)) return [`a bumpPointer in [16, bound ${bound}], a multiple of 16`, `${bump}`];
  if (s.usedBytes !== bump - DRC_RESERVED - freeBytes) return [`usedBytes ${bump - DRC_RESERVED - freeBytes} (bumpPointer ${bump} less 16 reserved less freeBytes ${freeBytes})`, `${s.usedBytes}`];
  const blocks = c['freeBlocks']!;
  if ((blocks === 0) !== (freeBytes === 0) || freeBytes < 16 * blocks) return ['freeBlocks 0 exactly when freeBytes is 0, each block at least 16 bytes', `${blocks} blocks of ${freeBytes} bytes`];
  if (c['stackRootsListLength']! < c['stackRootsListLengthAfterGc']!) return [`stackRootsListLength at least its length after the last collection, ${c['stackRootsListLengthAfterGc']}`, `${c['stackRootsListLength']}`];
  return null;
}
