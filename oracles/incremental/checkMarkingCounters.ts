import type { HeapStats, MutatorStep } from '../../src/runtime/gcHeap';
import { OracleFailure } from '../OracleFailure';

/** Counters of an incremental mark-sweep heap that never fall (until the heap is reset). */
const MONOTONE = ['frees', 'shaded', 'barrierShades', 'allocatedBlack', 'slices', 'slicesWithMutation', 'completedCollections', 'completedWithMutation', 'droppedCollections', 'mutatorEventsWhileMarking'] as const;
/** The counters read at each observation: MONOTONE's (same indices), then the rest the oracle judges. */
const KEYS = [...MONOTONE, 'allocs', 'writeGcRef', 'dropGcRef', 'marking', 'bumpPointer', 'freeBytes'] as const;
const [FREES, SHADED, BARRIER_SHADES, ALLOCATED_BLACK, SLICES, SLICES_MUTATED, COMPLETED, COMPLETED_MUTATED, DROPPED, EVENTS, ALLOCS, WRITES, DROPS, MARKING, BUMP, FREE_BYTES] = KEYS.map((_, i) => i) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];

/**
 * `c`'s values of KEYS into `out` (NaN for one it lacks). Every key is a constant: this runs at
 * every slice, and a load by a key from a list is a dictionary lookup on each of them.
 */
function readCounters(c: Readonly<Record<string, number>>, out: Float64Array): void {
  out[FREES] = c['frees'] ?? NaN;
  out[SHADED] = c['shaded'] ?? NaN;
  out[BARRIER_SHADES] = c['barrierShades'] ?? NaN;
  out[ALLOCATED_BLACK] = c['allocatedBlack'] ?? NaN;
  out[SLICES] = c['slices'] ?? NaN;
  out[SLICES_MUTATED] = c['slicesWithMutation'] ?? NaN;
  out[COMPLETED] = c['completedCollections'] ?? NaN;
  out[COMPLETED_MUTATED] = c['completedWithMutation'] ?? NaN;
  out[DROPPED] = c['droppedCollections'] ?? NaN;
  out[EVENTS] = c['mutatorEventsWhileMarking'] ?? NaN;
  out[ALLOCS] = c['allocs'] ?? NaN;
  out[WRITES] = c['writeGcRef'] ?? NaN;
  out[DROPS] = c['dropGcRef'] ?? NaN;
  out[MARKING] = c['marking'] ?? NaN;
  out[BUMP] = c['bumpPointer'] ?? NaN;
  out[FREE_BYTES] = c['freeBytes'] ?? NaN;
}

/** What the marking-counters oracle remembers of one heap between its observations. */
export interface MarkingCountersState {
  /** Whether `last` holds the counters of a slice observed since the heap was created or reset. */
  hasLast: boolean;
  /** The counters (KEYS) at the last slice observed. */
  last: Float64Array;
  /** The counters (KEYS) being observed now. */
  now: Float64Array;
  /** The collection (completed + dropped collections, while it is open) the mutator was seen running in; -1: none. */
  mutatedCycle: number;
  /** The collection of the marking verifiers' last `start`; -1: none. */
  startCycle: number;
  /** Verifier `end` calls since the last slice observed. */
  ends: number;
}

export function newMarkingCountersState(): MarkingCountersState {
  return { hasLast: false, last: new Float64Array(KEYS.length), now: new Float64Array(KEYS.length), mutatedCycle: -1, startCycle: -1, ends: 0 };
}

/**
 * Marking-counters oracle: the counters of an incremental mark-sweep heap (`stats().counters` of a
 * heap that reports them: IncrementalHeap and its variants), observed while a collection's marking
 * is open — after each slice's marking work (`at` 'slice') and at the marking verifiers' `start`
 * and `end` — promise:
 *  - `marking` is 1; the counters in MONOTONE are non-negative integers that never fall;
 *  - `objectCount` is `allocs - frees`; `completedCollections` is `collections`;
 *    `barrierShades <= shaded`, `allocatedBlack <= allocs`, `slicesWithMutation <= slices`,
 *    `completedWithMutation <= completedCollections`;
 *  - used bytes are the bump region less the free blocks: `usedBytes = bumpPointer - 16 -
 *    freeBytes`, `bumpPointer` a multiple of 16 from 16;
 *  - between two slices of the same open collection, `mutatorEventsWhileMarking` rose by at least
 *    the allocations, ref writes and handle drops made (each is a mutator event while marking is
 *    open; `allocs`, `writeGcRef` and `dropGcRef` are the accounting oracle's counters, judged
 *    against the calls made), and `slicesWithMutation` by every slice run once the collection
 *    was seen mutated (by at least 1 when the mutation is seen now);
 *  - a collection seen mutated that then completes counts in `completedWithMutation`, and the
 *    verifiers' `end` runs once per collection that does, after exactly one `start` in that same
 *    collection: what lets the snapshot-edges, closure and containment oracles judge it (a
 *    second `start` would re-record the snapshot after the mutator changed the graph).
 * O(1): one `stats()` call per observation, no heap walk. `step` names the mutator step in a
 * failure.
 */
export function checkMarkingCounters(st: MarkingCountersState, s: HeapStats, at: 'slice' | 'start' | 'end', step: MutatorStep): void {
  const v = st.now;
  readCounters(s.counters, v);
  for (let i = 0; i < MONOTONE.length; i++) if (!(Number.isInteger(v[i]) && v[i]! >= 0)) failCounters(st, at, step, `counter ${KEYS[i]} a non-negative integer`, show(v[i]!));
  if (v[MARKING] !== 1) failCounters(st, at, step, 'marking open (counter marking 1)', show(v[MARKING]!));
  if (s.objectCount !== v[ALLOCS]! - v[FREES]!) failCounters(st, at, step, `objectCount ${v[ALLOCS]! - v[FREES]!} (allocs less frees)`, `${s.objectCount}`);
  if (v[COMPLETED] !== s.collections) failCounters(st, at, step, `completedCollections ${s.collections} (the collections completed)`, show(v[COMPLETED]!));
  for (const [lo, hi] of ORDERED) if (!(v[lo]! <= v[hi]!)) failCounters(st, at, step, `${KEYS[lo]} <= ${KEYS[hi]}`, `${show(v[lo]!)} > ${show(v[hi]!)}`);
  const bump = v[BUMP]!;
  if (!(bump >= 16 && bump % 16 === 0) || s.usedBytes !== bump - 16 - v[FREE_BYTES]!) {
    failCounters(st, at, step, 'usedBytes = bumpPointer - 16 - freeBytes, bumpPointer a multiple of 16 from 16', `usedBytes ${s.usedBytes}, bumpPointer ${show(bump)}, freeBytes ${show(v[FREE_BYTES]!)}`);
  }
  const cycle = v[COMPLETED]! + v[DROPPED]!;
  if (at === 'start') {
    if (st.startCycle === cycle) failCounters(st, at, step, `the verifiers' start once per collection (${cycle})`, 'a second start');
    st.startCycle = cycle;
    return;
  }
  if (at === 'end') {
    if (st.startCycle !== cycle) failCounters(st, at, step, `the verifiers' start to have run in this collection (${cycle})`, st.startCycle < 0 ? 'no start' : `last start in collection ${st.startCycle}`);
    st.ends++;
    return;
  }
  // A slice: compare with the last slice observed. (`start` runs inside a mutator event, before
  // all of its counters have risen, so only slices are compared with each other.)
  const p = st.last;
  if (st.hasLast) {
    for (let i = 0; i < MONOTONE.length; i++) if (v[i]! < p[i]!) failCounters(st, at, step, `counter ${KEYS[i]} never to fall (was ${p[i]})`, show(v[i]!));
    const pCycle = p[COMPLETED]! + p[DROPPED]!;
    const mutations = v[ALLOCS]! - p[ALLOCS]! + (v[WRITES]! - p[WRITES]!) + (v[DROPS]! - p[DROPS]!);
    const completedMutated = v[COMPLETED_MUTATED]! - p[COMPLETED_MUTATED]!;
    if (cycle === pCycle) {
      const events = v[EVENTS]! - p[EVENTS]!;
      if (events < mutations) failCounters(st, at, step, `mutatorEventsWhileMarking to rise by at least the ${mutations} allocations, ref writes and drops made while marking`, `rose by ${events}`);
      // Slices run between mutator events: once the collection was seen mutated, each later slice counts.
      const slices = v[SLICES]! - p[SLICES]!;
      const mutatedSlices = v[SLICES_MUTATED]! - p[SLICES_MUTATED]!;
      if (st.mutatedCycle === cycle ? mutatedSlices !== slices : mutations > 0 && mutatedSlices < 1) {
        failCounters(st, at, step, `slicesWithMutation to rise by ${st.mutatedCycle === cycle ? `the ${slices} slices run` : 'at least 1'} (the collection was mutated before them)`, `rose by ${mutatedSlices}`);
      }
      if (mutations > 0) st.mutatedCycle = cycle;
    } else if (st.mutatedCycle === pCycle && v[COMPLETED]! - p[COMPLETED]! === 1 && v[DROPPED]! - p[DROPPED]! === 0 && completedMutated !== 1) {
      failCounters(st, at, step, 'the collection the mutator ran in to count in completedWithMutation when it completed', `rose by ${completedMutated}`);
    }
    if (st.ends !== completedMutated) failCounters(st, at, step, `the verifiers' end to run once per collection completed with mutation (${completedMutated})`, `${st.ends} calls`);
  }
  if (st.mutatedCycle !== cycle) st.mutatedCycle = -1;
  st.last = v;
  st.now = p;
  st.hasLast = true;
  st.ends = 0;
}

/** Pairs of KEYS indices whose counters are ordered: the first never exceeds the second. */
const ORDERED: readonly (readonly [number, number])[] = [[BARRIER_SHADES, SHADED], [ALLOCATED_BLACK, ALLOCS], [SLICES_MUTATED, SLICES], [COMPLETED_MUTATED, COMPLETED]];

/** A counter as the heap reported it (`undefined` when it lacks one, read as NaN). */
function show(x: number): string {
  return Number.isNaN(x) ? 'undefined' : `${x}`;
}

function failCounters(st: MarkingCountersState, at: string, step: MutatorStep, expected: string, actual: string): never {
  st.hasLast = false;
  throw new OracleFailure('marking-counters', step.index, expected, actual, `at the marking verifiers' ${at}, ${step.label}`);
}
