import type { MarkingView } from '../../src/runtime/gcHeap';
import type { GcRef } from '../../src/runtime/gcRef';
import { describeObject } from './describeObject';

function isHeapRef(r: number): boolean {
  return r !== 0 && (r & 1) === 0;
}

/** How the stop-the-world mark first reached an object: a root, or a slot of its parent. */
export interface Referrer {
  readonly parent: GcRef | null;
  /** "handle slot 3", "stack slot 0", "field 2", "element 5". */
  readonly via: string;
}

/**
 * A stop-the-world mark of the view's current roots into private bits (a Map, never the
 * collector's mark bits), breadth first, remembering how each object was first reached: JSC's
 * verifier marking with its own bits, whose referrer map gives the path to any object it reaches.
 */
export function markFromRoots(view: MarkingView): Map<GcRef, Referrer> {
  const reached = new Map<GcRef, Referrer>();
  const queue: GcRef[] = [];
  for (const root of view.roots) {
    const r = root.get();
    if (!isHeapRef(r) || reached.has(r)) continue;
    reached.set(r, { parent: null, via: `${root.kind} slot ${root.slotIndex}` });
    queue.push(r);
  }
  for (let q = 0; q < queue.length; q++) {
    const parent = queue[q]!;
    view.forEachRefSlot(parent, (v, kind, index) => {
      if (!isHeapRef(v) || reached.has(v)) return;
      reached.set(v, { parent, via: `${kind} ${index}` });
      queue.push(v);
    });
  }
  return reached;
}

/** The path from a root to `target` in `reached` (JSC's referrer chain): "root handle slot 0 -> struct 16 (type 0) .field 1 -> ...". */
export function referrerChain(view: MarkingView, reached: ReadonlyMap<GcRef, Referrer>, target: GcRef): string {
  const steps: string[] = [];
  let cur: GcRef | null = target;
  for (let guard = 0; cur !== null && guard <= reached.size; guard++) {
    const ref: Referrer | undefined = reached.get(cur);
    if (ref === undefined) return `${describeObject(view.heap, target)} is not reachable from any root`;
    steps.push(ref.parent === null ? `root ${ref.via} -> ${describeObject(view.heap, cur)}` : `.${ref.via} -> ${describeObject(view.heap, cur)}`);
    cur = ref.parent;
  }
  return steps.reverse().join(' ');
}
