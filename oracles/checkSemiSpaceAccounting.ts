import type { GcHeap, HeapStats } from '../src/runtime/gcHeap';
import { CopyingHeap } from '../src/runtime/collectors/copyingHeap';

/** The counters a semi-space heap reports (CopyingHeap.collectorCounters). */
const SEMI_SPACE_COUNTERS = ['semiSpaceBytes', 'activeStart', 'bumpPointer', 'copied', 'slices', 'abandoned'] as const;
/** Below the lower semi-space: the reserved null granule (copyingHeap.ts's SPACE_BASE); also every object's alignment. */
const MONOTONE_SEMI = ['copied', 'slices', 'abandoned'] as const;
const SPACE_BASE = 16;
/** The smallest copying object: a 16-byte header and one u32, rounded to 16. */
const MIN_OBJECT = 32;

/**
 * Part of the `accounting` oracle for a semi-space (copying) heap, judged from two `stats()` taken
 * at consecutive accounting checks (`base`, then `now`; no heap walk, O(1)) and the collections
 * the ledger saw complete between them. What the copying collector promises of its counters
 * (src/runtime/collectors/copyingHeap.ts: `[0, 16)` reserved, lower space `[16, 16 + S)`, upper
 * `[16 + S, 16 + 2S)`, bump allocation in the active space, a completed collection copies the
 * survivors to the other space and flips; `grow` raises S):
 *  - geometry: S (`semiSpaceBytes`) is a positive multiple of 16 and both spaces fit the bound;
 *    the active space starts on a multiple of 16, is the lower one (start 16, capacity S) or an
 *    upper one (start 16 + S' for the S' it was made with, capacity S' <= S); `usedBytes` is the
 *    bump pointer less the active start;
 *  - S never shrinks; `copied`, `slices` and `abandoned` never fall;
 *  - each completed collection flips the active space: with k completed, the active space is the
 *    same one as before iff k is even (with none, the same start);
 *  - with no completed collection, the heap only bump-allocated: objectCount rose by exactly the
 *    allocations and usedBytes by at least 32 bytes each (exactly 0 with none);
 *  - with some, each ran at least one slice, and the last copied every object then alive:
 *    objectCount <= copied + allocations since `base`.
 * Keyed on the class, as the null collector's bump accounting is: a heap built on CopyingHeap (a
 * user's variant too) inherits the promise, and must report every one of those counters.
 * Returns a failure as (expected, actual), or null; the caller throws it as `accounting`.
 */
export function checkSemiSpaceAccounting(heap: GcHeap, base: HeapStats, now: HeapStats, completed: number, bound: number): [string, string] | null {
  if (!(heap instanceof CopyingHeap)) return null;
  const c = now.counters;
  const b = base.counters;
  // Runs after every op on a copying heap: constant keys, no list walked on the passing path.
  if (c['semiSpaceBytes'] === undefined || c['activeStart'] === undefined || c['bumpPointer'] === undefined || c['copied'] === undefined || c['slices'] === undefined || c['abandoned'] === undefined ||
      b['semiSpaceBytes'] === undefined || b['activeStart'] === undefined || b['bumpPointer'] === undefined || b['copied'] === undefined || b['slices'] === undefined || b['abandoned'] === undefined) {
    const k = SEMI_SPACE_COUNTERS.find((x) => c[x] === undefined || b[x] === undefined)!;
    return [`counter ${k} (a copying heap reports ${SEMI_SPACE_COUNTERS.join(', ')})`, 'none'];
  }
  const S = c['semiSpaceBytes']!;
  const start = c['activeStart']!;
  if (!(S > 0 && S % SPACE_BASE === 0 && SPACE_BASE + 2 * S <= bound)) return [`a semi-space size S, a positive multiple of 16 with 16 + 2S <= bound ${bound}`, `S ${S}`];
  if (start % SPACE_BASE !== 0) return ['an active start on a multiple of 16', `${start}`];
  const upper = start !== SPACE_BASE;
  const cap = now.capacityBytes;
  if (!upper && cap !== S) return [`capacityBytes ${S} (the lower semi-space is S bytes)`, `${cap}`];
  if (upper && !(cap === start - SPACE_BASE && cap <= S)) return [`capacityBytes ${start - SPACE_BASE} (an upper space at 16 + S' is S' <= S ${S} bytes)`, `${cap}`];
  if (now.usedBytes !== c['bumpPointer']! - start) return [`usedBytes ${c['bumpPointer']! - start} (bump pointer ${c['bumpPointer']} less the active start ${start})`, `${now.usedBytes}`];
  if (S < b['semiSpaceBytes']!) return [`semiSpaceBytes at least ${b['semiSpaceBytes']} (only grow changes it, upwards)`, `${S}`];
  if (c['copied'] < b['copied'] || c['slices'] < b['slices'] || c['abandoned'] < b['abandoned']) {
    const k = MONOTONE_SEMI.find((x) => c[x]! < b[x]!)!;
    return [`counter ${k} at least ${b[k]} (it never falls)`, `${c[k]}`];
  }
  const wasUpper = b['activeStart']! !== SPACE_BASE;
  if (completed === 0 && start !== b['activeStart']) return [`active start ${b['activeStart']} (no collection completed, so no flip)`, `${start}`];
  if ((upper !== wasUpper) !== (completed % 2 === 1)) return [`the ${wasUpper !== (completed % 2 === 1) ? 'upper' : 'lower'} semi-space active (${completed} completed collections flip it from the ${wasUpper ? 'upper' : 'lower'})`, `active start ${start}`];
  const allocs = (c['allocs'] ?? 0) - (b['allocs'] ?? 0);
  if (completed === 0) {
    if (now.objectCount - base.objectCount !== allocs) return [`objectCount ${base.objectCount + allocs} (${allocs} allocations and no completed collection)`, `${now.objectCount}`];
    const grew = now.usedBytes - base.usedBytes;
    if (allocs === 0 ? grew !== 0 : grew < MIN_OBJECT * allocs) return [`usedBytes ${allocs === 0 ? 'unchanged' : `up by at least ${MIN_OBJECT * allocs}`} (${allocs} allocations and no completed collection) from ${base.usedBytes}`, `${now.usedBytes}`];
    return null;
  }
  if (c['slices']! - b['slices']! < completed) return [`slices up by at least ${completed} (one per completed collection) from ${b['slices']}`, `${c['slices']}`];
  if (now.objectCount > c['copied']! - b['copied']! + allocs) return [`objectCount at most ${c['copied']! - b['copied']! + allocs} (objects copied plus allocated since the last check)`, `${now.objectCount}`];
  return null;
}

/**
 * Part of the `accounting` oracle for a semi-space heap: every collection it started ends at most
 * once, completed or abandoned (copyingHeap.ts: a collection left unfinished is rolled back and
 * counted in `abandoned` when anything else uses the heap, a new collection starts, or `grow`
 * runs; `reset` discards one without counting it). So since creation or the last reset, with S
 * collections started and C completed, `abandoned` rose by exactly S - C, or S - C - 1 while the
 * last one started has not completed (it may still be open). Returns a failure as (expected,
 * actual), or null.
 */
export function checkAbandonedCount(heap: GcHeap, now: HeapStats, since: { readonly started: number; readonly completed: number; readonly lastOpen: boolean; readonly abandonedAtReset: number | undefined }): [string, string] | null {
  if (!(heap instanceof CopyingHeap)) return null;
  const a = now.counters['abandoned'];
  if (a === undefined || since.abandonedAtReset === undefined) return null;
  const rose = a - since.abandonedAtReset;
  const most = since.started - since.completed;
  const least = most - (since.lastOpen ? 1 : 0);
  if (rose >= least && rose <= most) return null;
  return [`abandoned up by ${least === most ? most : `${least} or ${most}`} since creation or reset (${since.started} collections started, ${since.completed} completed${since.lastOpen ? ', the last maybe still open' : ''})`, `up by ${rose}`];
}

/**
 * Part of the `accounting` oracle for a semi-space heap, judged on the spot when `grow` reports
 * success (the ledger's `checkedGrow`; a store that grows then retries and collects would flip the
 * space before the next accounting check and hide it): `grow` raises S, and the active space
 * takes the new size at once when it is the lower one (capacity = the new S), or keeps its own
 * size until the next flip when it is an upper one (start and capacity unchanged). Returns a
 * failure as text, or null. O(1).
 */
export function checkSemiSpaceGrowth(heap: GcHeap, before: HeapStats, after: HeapStats): string | null {
  if (!(heap instanceof CopyingHeap)) return null;
  const S = after.counters['semiSpaceBytes'];
  const start = after.counters['activeStart'];
  if (S === undefined || start === undefined) return null;
  if (start !== before.counters['activeStart']) return `grow moved the active space from ${before.counters['activeStart']} to ${start}`;
  if (start === SPACE_BASE) return after.capacityBytes === S ? null : `grow left the lower semi-space ${after.capacityBytes} bytes where S is now ${S}`;
  return after.capacityBytes === before.capacityBytes ? null : `grow changed the active upper semi-space from ${before.capacityBytes} to ${after.capacityBytes} bytes (it keeps its size until the next flip)`;
}
