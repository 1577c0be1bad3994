import type { LoggedRemoval, MarkingView } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import type { GcRoot } from '../../src/runtime/gcRootsList';
import { OracleFailure } from '../OracleFailure';
import { describeObject } from './describeObject';

function isHeapRef(r: number): boolean {
  return r !== 0 && (r & 1) === 0;
}

/** The heap graph when the mutator first ran during marking: each object's ref slots, and each root's value. */
export interface SnapshotGraph {
  readonly objects: Map<GcRef, GcRef[]>;
  readonly roots: { readonly root: GcRoot; readonly target: GcRef }[];
}

/**
 * Record the snapshot (SpiderMonkey gczeal 4 `startVerifyPreBarriers`): every edge of every object
 * now, and every root with the value it held when the collection started (stack slots may have
 * been reused for other values since without a barrier).
 */
export function recordSnapshotEdges(view: MarkingView): SnapshotGraph {
  // Runs at the first mutation of every mutated marking, over the whole heap: one scratch list and
  // one slot visitor for the walk, a list kept only for an object with a heap edge.
  const objects = new Map<GcRef, GcRef[]>();
  const vals: GcRef[] = [];
  let heapEdge = false;
  const slot = (v: GcRef): void => {
    vals.push(v);
    if (isHeapRef(v)) heapEdge = true;
  };
  view.heap.forEachObject((ref) => {
    vals.length = 0;
    heapEdge = false;
    view.forEachRefSlot(ref, slot);
    if (heapEdge) objects.set(ref, vals.slice());
  });
  const roots: SnapshotGraph['roots'] = [];
  for (const { root, value } of view.rootsAtStart) if (isHeapRef(value)) roots.push({ root, target: value });
  return { objects, roots };
}

/**
 * Snapshot-edges oracle (SpiderMonkey gczeal 4 `VerifierPre`, "[barrier verifier] Unmarked edge"):
 * every edge of the snapshot that the mutator removed during marking must point to a marked
 * object, since the deletion barrier shades the old target before the slot is overwritten. The
 * failure names the slot (kind, holder, field or index) and the mutator step that removed it,
 * from the runtime's removal log (written before the barrier runs, so a missing barrier is still
 * named); stack slots are not barriered and so not logged.
 */
export function checkSnapshotEdges(snapshot: SnapshotGraph, view: MarkingView): void {
  const heap = view.heap;
  for (const [holder, before] of snapshot.objects) {
    let i = 0;
    view.forEachRefSlot(holder, (now, kind, index) => {
      const was = before[i++]!;
      if (was === now || !isHeapRef(was) || view.isMarked(was)) return;
      const who = lastRemoval(view.removals, (r) => r.holder === holder && r.index === index && r.old === was);
      fail(view, who, `${kind} ${index} of ${describeObject(heap, holder)}`, was);
    });
  }
  for (const { root, target } of snapshot.roots) {
    if (root.get() === target || view.isMarked(target)) continue;
    const idx = root.slotIndex;
    const who = lastRemoval(view.removals, (r) => r.old === target && (r.kind === root.kind || r.kind === 'handle') && (r.slots === null || r.index === idx));
    fail(view, who, `${root.kind} slot ${idx}`, target);
  }
}

function lastRemoval(log: readonly LoggedRemoval[], match: (r: LoggedRemoval) => boolean): LoggedRemoval | null {
  for (let k = log.length - 1; k >= 0; k--) if (match(log[k]!)) return log[k]!;
  return null;
}

function fail(view: MarkingView, who: LoggedRemoval | null, slot: string, target: GcRef): never {
  throw new OracleFailure(
    'snapshot-edges',
    who !== null && who.step.index >= 0 ? who.step.index : view.step.index,
    'every edge removed during marking to point to a marked object',
    `${slot} lost its edge to unmarked ${describeObject(view.heap, target)}`,
    who !== null ? `removed by ${who.step.label} (${who.kind} write)` : 'no logged write removed it (an unbarriered slot)',
  );
}
