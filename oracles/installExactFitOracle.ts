import type { GcHeap } from '../src/runtime/gcHeap';
import type { GcTypeRegistry } from '../src/runtime/gcTypes';
import { DrcHeap } from '../src/runtime/collectors/drcHeap';
import { storageSize } from '../src/runtime/gcLayout';
import { OutOfMemoryError } from '../src/errors/OutOfMemoryError';
import { OracleFailure } from './OracleFailure';

/** DRC's array block by the oracles' own rule (drcHeap.ts's header comment): a 24-byte header and the length word, elements aligned to their size, blocks of 16 bytes; the first 16 bytes are the null granule. */
const DRC_HEADER = 24;
const DRC_ALIGN = 16;
const DRC_RESERVED = 16;

/** What the exact-fit oracle judged over a heap's life (for tests and benches). */
export interface ExactFitStats {
  /** Refused array allocations (null or out of memory) on an empty heap that were judged. */
  judged: number;
  /** The first failure, also thrown from inside the call that showed it (see installFreeListOracle). */
  failure: OracleFailure | null;
}

/** The bytes of DRC's block for an array of `length` elements of `elemBytes` each. */
export function drcArrayBlock(elemBytes: number, length: number): number {
  const elems = Math.ceil((DRC_HEADER + 4) / elemBytes) * elemBytes;
  return Math.ceil((elems + length * elemBytes) / DRC_ALIGN) * DRC_ALIGN;
}

/**
 * The exact-fit oracle, part of the out-of-memory judgement (its failures are 'leak', as an
 * unjustified out of memory is): an empty DRC heap (objectCount 0) allocates every array whose
 * block fits its current bound less the null granule, to the byte. A correct DRC then has no
 * block at all (a freed block merges with its free neighbours and with the bump region,
 * drcHeap.ts), so the whole bound past the granule is one bump region; `allocArray` may answer
 * null (the seed's `Ok(None)`: "no available space for this allocation") or throw out of memory
 * (`Err`: "cannot satisfy ... even after a collection"; DRC: "allocation larger than the maximum
 * heap") only when it is larger. Judged on the heap's own answers, so on every call a store's
 * policy makes (first try, after a collection, after growth); nothing is judged on a heap that
 * holds an object, or on other collectors (keyed on the class). The sizes are the oracles' own
 * arithmetic (`drcArrayBlock`), checked against the real heap by the exact-fill lengths in
 * tests/oracles/installExactFitOracle.test.ts. Cost: a `stats()` per refused allocation only.
 */
export function installExactFitOracle(heap: GcHeap, types: GcTypeRegistry, blame: () => number = () => -1): ExactFitStats | null {
  if (!(heap instanceof DrcHeap)) return null;
  const stats: ExactFitStats = { judged: 0, failure: null };
  const judge = (typeIndex: number, length: number, answer: string): void => {
    if (stats.failure !== null || heap.stats().objectCount !== 0) return;
    const t = types.lookup(typeIndex);
    if (t === undefined || t.kind !== 'array') return;
    stats.judged++;
    const elem = storageSize(t.element.storage);
    const block = drcArrayBlock(elem, length);
    const bound = heap.vmctxGcHeapBound();
    if (block > bound - DRC_RESERVED) return;
    stats.failure = new OracleFailure('leak', blame(), `an array of ${length} x ${elem} bytes (a ${block}-byte block) allocated: the empty heap has ${bound - DRC_RESERVED} bytes past the null granule`, answer, 'exact-fit judgement');
    throw stats.failure;
  };
  const allocArray = heap.allocArray.bind(heap);
  heap.allocArray = (typeIndex: number, length: number) => {
    let r;
    try {
      r = allocArray(typeIndex, length);
    } catch (e) {
      if (e instanceof OutOfMemoryError) judge(typeIndex, length, `out of memory (${e.message})`);
      throw e;
    }
    if (r === null) judge(typeIndex, length, 'no room (null: collect and retry)');
    return r;
  };
  return stats;
}
