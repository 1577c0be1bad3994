import type { HeapStats, MutatorStep } from '../../src/runtime/gcHeap';
import { OracleFailure } from '../OracleFailure';

/** Counters of an incremental mark-sweep heap that never fall (until the heap is reset). */
const MONOTONE = ['frees', 'shaded', 'barrierShades', 'allocatedBlack', 'slices', 'slicesWithMutation', 'completedCollections', 'completedWithMutation', 'droppedCollections', 'mutatorEventsWhileMarking'] as const;

/** What the marking-counters oracle remembers of one heap between its observations. */
export interface MarkingCountersState {
  /** The counters at the last slice observed (null: none yet, or the heap was reset since). */
  last: Readonly<Record<string, number>> | null;
  /** The collection (completed + dropped collections, while it is open) the mutator was seen running in; -1: none. */
  mutatedCycle: number;
  /** The collection of the marking verifiers' last `start`; -1: none. */
  startCycle: number;
  /** Verifier `end` calls since the last slice observed. */
  ends: number;
}

export function newMarkingCountersState(): MarkingCountersState {
  return { last: null, mutatedCycle: -1, startCycle: -1, ends: 0 };
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
  const c = s.counters;
  const fail = (expected: string, actual: string): never => {
    st.last = null;
    throw new OracleFailure('marking-counters', step.index, expected, actual, `at the marking verifiers' ${at}, ${step.label}`);
  };
  const n = (k: string): number => c[k] ?? NaN;
  for (const k of MONOTONE) if (!(Number.isInteger(n(k)) && n(k) >= 0)) fail(`counter ${k} a non-negative integer`, `${c[k]}`);
  if (n('marking') !== 1) fail('marking open (counter marking 1)', `${c['marking']}`);
  if (s.objectCount !== n('allocs') - n('frees')) fail(`objectCount ${n('allocs') - n('frees')} (allocs less frees)`, `${s.objectCount}`);
  if (n('completedCollections') !== s.collections) fail(`completedCollections ${s.collections} (the collections completed)`, `${c['completedCollections']}`);
  for (const [lo, hi] of [['barrierShades', 'shaded'], ['allocatedBlack', 'allocs'], ['slicesWithMutation', 'slices'], ['completedWithMutation', 'completedCollections']] as const) {
    if (!(n(lo) <= n(hi))) fail(`${lo} <= ${hi}`, `${c[lo]} > ${c[hi]}`);
  }
  const bump = n('bumpPointer');
  if (!(bump >= 16 && bump % 16 === 0) || s.usedBytes !== bump - 16 - n('freeBytes')) {
    fail('usedBytes = bumpPointer - 16 - freeBytes, bumpPointer a multiple of 16 from 16', `usedBytes ${s.usedBytes}, bumpPointer ${c['bumpPointer']}, freeBytes ${c['freeBytes']}`);
  }
  const cycle = n('completedCollections') + n('droppedCollections');
  if (at === 'start') {
    if (st.startCycle === cycle) fail(`the verifiers' start once per collection (${cycle})`, 'a second start');
    st.startCycle = cycle;
    return;
  }
  if (at === 'end') {
    if (st.startCycle !== cycle) fail(`the verifiers' start to have run in this collection (${cycle})`, st.startCycle < 0 ? 'no start' : `last start in collection ${st.startCycle}`);
    st.ends++;
    return;
  }
  // A slice: compare with the last slice observed. (`start` runs inside a mutator event, before
  // all of its counters have risen, so only slices are compared with each other.)
  const p = st.last;
  if (p !== null) {
    for (const k of MONOTONE) if (n(k) < p[k]!) fail(`counter ${k} never to fall (was ${p[k]})`, `${c[k]}`);
    const rise = (k: string): number => n(k) - p[k]!;
    const pCycle = p['completedCollections']! + p['droppedCollections']!;
    const mutations = rise('allocs') + rise('writeGcRef') + rise('dropGcRef');
    if (cycle === pCycle) {
      if (rise('mutatorEventsWhileMarking') < mutations) fail(`mutatorEventsWhileMarking to rise by at least the ${mutations} allocations, ref writes and drops made while marking`, `rose by ${rise('mutatorEventsWhileMarking')}`);
      // Slices run between mutator events: once the collection was seen mutated, each later slice counts.
      const slices = rise('slices');
      const mutatedSlices = rise('slicesWithMutation');
      if (st.mutatedCycle === cycle ? mutatedSlices !== slices : mutations > 0 && mutatedSlices < 1) {
        fail(`slicesWithMutation to rise by ${st.mutatedCycle === cycle ? `the ${slices} slices run` : 'at least 1'} (the collection was mutated before them)`, `rose by ${mutatedSlices}`);
      }
      if (mutations > 0) st.mutatedCycle = cycle;
    } else if (st.mutatedCycle === pCycle && rise('completedCollections') === 1 && rise('droppedCollections') === 0 && rise('completedWithMutation') !== 1) {
      fail('the collection the mutator ran in to count in completedWithMutation when it completed', `rose by ${rise('completedWithMutation')}`);
    }
    if (st.ends !== rise('completedWithMutation')) fail(`the verifiers' end to run once per collection completed with mutation (${rise('completedWithMutation')})`, `${st.ends} calls`);
  }
  if (st.mutatedCycle !== cycle) st.mutatedCycle = -1;
  st.last = c;
  st.ends = 0;
}
