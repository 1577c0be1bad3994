import type { GcHeap } from '../src/runtime/gcHeap';
import { SMALL_LIMIT, type FreeList } from '../src/runtime/freeList';
import { OracleFailure } from './OracleFailure';
import { FreeListReference } from './freeListReference';

/** What the free-list oracle judged over a heap's life (for tests and benches). */
export interface FreeListOracleStats {
  /** Allocations the reference had a fitting block for (each checked to get exactly that block). */
  reused: number;
  /** Allocations the reference had no fitting block for (each checked to get none). */
  unfit: number;
  /** Frees and bump-pointer merges (`takeBlockEndingAt`) checked. */
  frees: number;
  /**
   * The first failure, also thrown from inside the runtime call that showed it: a caller that
   * catches runtime errors (the wasm target's engines turn them into a crashed step and go on) can
   * rethrow it before anything the half-done call left behind fails some other way.
   */
  failure: OracleFailure | null;
}

/**
 * The free-list oracle ('free-list'), hooked into a free-list heap (DRC, incremental) through its
 * `withFreeList` seam: the list's `alloc`, `free`, `takeBlockEndingAt` and `clear` are wrapped on the
 * instance, and every answer is checked against `FreeListReference` fed the same calls. The
 * promise judged is FreeList's own: best fit, exact (the smallest free block that fits, the
 * earliest freed among equals; none only when no free block fits, so a heap that grows or collects
 * had nothing to reuse); a split's remainder stays free; a freed block is merged with both free
 * neighbours; `takeBlockEndingAt` takes exactly the block ending there; and `freeBytes`,
 * `blockCount` and `largeAllocs` agree with the blocks. Cost per call: two binary searches and a
 * splice, no heap walk. `blame` names the op to report (default -1).
 *
 * The reference follows a well-formed heap: a free that overlaps a free block (a forged header or
 * a double free, which the sandbox and zeal checks judge) leaves the list's behaviour unspecified,
 * so judging stops there until the next `clear()`; so it does for a list that already holds blocks
 * when the oracle is installed. Returns the running stats, or null when the heap has no free list.
 */
export function installFreeListOracle(heap: GcHeap, blame: () => number = () => -1): FreeListOracleStats | null {
  if (heap.withFreeList === undefined) return null;
  const stats: FreeListOracleStats = { reused: 0, unfit: 0, frees: 0, failure: null };
  heap.withFreeList((list) => watchFreeList(list, blame, stats));
  return stats;
}

function watchFreeList(list: FreeList, blame: () => number, stats: FreeListOracleStats): void {
  const ref = new FreeListReference();
  let largeAllocs = list.largeAllocs;
  let judging = list.blockCount === 0;
  // Details are words built only on failure: these wrappers run on every allocation and free.
  type Detail = () => string;
  const fail = (expected: string, actual: string, detail: Detail): never => {
    judging = false;
    stats.failure ??= new OracleFailure('free-list', blame(), expected, actual, detail());
    throw stats.failure;
  };
  const checkTotals = (after: Detail): void => {
    if (list.freeBytes !== ref.freeBytes || list.blockCount !== ref.blockCount || list.largeAllocs !== largeAllocs) {
      fail(`${ref.blockCount} free blocks of ${ref.freeBytes} bytes, ${largeAllocs} allocations from large blocks`, `${list.blockCount} blocks of ${list.freeBytes} bytes, ${list.largeAllocs}`, () => `free-list totals after ${after()}`);
    }
  };

  const alloc = list.alloc.bind(list);
  list.alloc = (size: number): number => {
    const got = alloc(size);
    if (!judging) return got;
    const what = (): string => `a ${size}-byte allocation`;
    const b = ref.bestFit(size);
    if (b === undefined) {
      if (got !== 0) fail('no block (no free block is that large)', `block ${got}`, what);
      stats.unfit++;
      checkTotals(what);
      return got;
    }
    if (got !== b.start) {
      const g = ref.at(got);
      const actual = got === 0 ? 'no block (the heap grows or collects instead of reusing one)' : g !== undefined ? `the ${g.size}-byte block at ${got}` : `${got}, not a free block`;
      fail(`the ${b.size}-byte block at ${b.start} (best fit: the smallest free block that fits, the earliest freed of that size)`, actual, what);
    }
    ref.delete(b);
    if (b.size > SMALL_LIMIT) largeAllocs++;
    const rest = b.size - size;
    if (rest > 0) ref.add(b.start + size, rest);
    if (list.blockAt(b.start) !== 0) fail(`the block at ${b.start} handed out`, 'it is still free', what);
    const kept = list.blockAt(b.start + size);
    if (kept !== rest) fail(rest > 0 ? `the remainder [${b.start + size}, +${rest}) kept free` : `nothing free at ${b.start + size}`, `${kept} free bytes there`, what);
    stats.reused++;
    checkTotals(what);
    return got;
  };

  const free = list.free.bind(list);
  list.free = (start: number, size: number): number => {
    const got = free(start, size);
    if (!judging) return got;
    if (ref.overlapping(start, size) !== undefined) {
      judging = false;
      return got;
    }
    const what = (): string => `freeing [${start}, +${size})`;
    const m = ref.free(start, size);
    if (got !== m.start || list.blockAt(got) !== m.size) {
      fail(`the block [${m.start}, +${m.size}) (merged with its free neighbours)`, `[${got}, +${list.blockAt(got)})`, what);
    }
    stats.frees++;
    checkTotals(what);
    return got;
  };

  const take = list.takeBlockEndingAt.bind(list);
  list.takeBlockEndingAt = (end: number): number => {
    const got = take(end);
    if (!judging) return got;
    const what = (): string => `taking the block ending at the bump pointer ${end}`;
    const b = ref.endingAt(end);
    if (got !== (b?.start ?? 0)) fail(b === undefined ? 'none (no free block ends there)' : `the block at ${b.start}`, got === 0 ? 'none' : `${got}`, what);
    if (b !== undefined) ref.delete(b);
    stats.frees++;
    checkTotals(what);
    return got;
  };

  const clear = list.clear.bind(list);
  list.clear = (): void => {
    clear();
    ref.clear();
    judging = true;
    checkTotals(() => 'clear()');
  };
}
