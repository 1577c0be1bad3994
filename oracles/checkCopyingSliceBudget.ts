import type { GcHeap } from '../src/runtime/gcHeap';
import { CopyingHeap, DEFAULT_INCREMENT_BUDGET } from '../src/runtime/collectors/copyingHeap';

/** A copying collection's counters when it started, and the roots it was handed. */
export interface CopyingSliceStart {
  readonly roots: number;
  readonly copied: number;
  readonly slices: number;
}

/** The counters `checkCopyingSliceBudget` needs, read right after a collection starts; null for a heap that is no CopyingHeap. */
export function copyingSliceStart(heap: GcHeap, roots: number): CopyingSliceStart | null {
  if (!(heap instanceof CopyingHeap)) return null;
  const c = heap.stats().counters;
  return { roots, copied: c['copied'] ?? 0, slices: c['slices'] ?? 0 };
}

/**
 * Part of the `accounting` oracle, when a copying collection completes: the slice budget
 * (copyingHeap.ts, #13516: "a collection does at most `incrementBudget` objects (roots forwarded
 * plus objects scanned) per `collectIncrement`"). Every root handed to the collection is forwarded
 * once and every object it copied is scanned once, so with R roots and C objects copied, a budget
 * of B units per slice that each slice uses up while work is left gives exactly max(1, ceil((R +
 * C) / B)) slices: fewer means a slice overran its budget (a pause longer than the embedder asked
 * for), more means a slice stopped short with work left. O(1), read from `stats()` counters.
 * Returns the failure as (expected, actual), or null.
 */
export function checkCopyingSliceBudget(heap: GcHeap, start: CopyingSliceStart, budget: number | undefined): [string, string] | null {
  const c = heap.stats().counters;
  const copied = (c['copied'] ?? 0) - start.copied;
  const slices = (c['slices'] ?? 0) - start.slices;
  const b = budget ?? DEFAULT_INCREMENT_BUDGET;
  const work = start.roots + copied;
  const want = Math.max(1, Math.ceil(work / b));
  if (slices === want) return null;
  return [`${want} slices for a copying collection of ${start.roots} roots and ${copied} objects copied, at ${b} units per slice`, `${slices} slices`];
}
