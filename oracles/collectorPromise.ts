import type { GcRuntime } from '../src/runtime/gcHeap';

/** What a collector promises a completed full collection reclaims (`GcRuntime.reclaims`). */
export type Reclaims = GcRuntime['reclaims'];

/**
 * The one statement of each collector's promise, on any object graph: of the objects that are
 * allocated but unreachable from roots when a full collection completes (`garbage`), those that
 * may still be allocated afterwards. Everything reachable always survives; everything else must be
 * gone unless returned here.
 *  - 'all' (precise collectors): none;
 *  - 'acyclic' (deferred reference counting): those reference counting can never free, i.e. on a
 *    cycle or reachable from one. Computed as reference counting does it: repeatedly free a
 *    garbage object no other garbage object references (freeing decrements its children); what
 *    is left is the answer;
 *  - 'nothing' (the null collector): all of them.
 * The model, the Wasm program-heap oracle and the runtime tests all decide survivors with this.
 * `forEachChild` visits an object's traced ref fields (children outside `garbage` are ignored).
 */
export function survivingGarbage<T>(reclaims: Reclaims, garbage: readonly T[], forEachChild: (obj: T, visit: (child: T) => void) => void): Set<T> {
  if (reclaims === 'all') return new Set();
  if (reclaims === 'nothing') return new Set(garbage);
  const count = new Map<T, number>();
  for (const obj of garbage) count.set(obj, 0);
  for (const obj of garbage) {
    forEachChild(obj, (c) => {
      const n = count.get(c);
      if (n !== undefined) count.set(c, n + 1);
    });
  }
  const free: T[] = garbage.filter((o) => count.get(o) === 0);
  while (free.length > 0) {
    const obj = free.pop()!;
    count.delete(obj);
    forEachChild(obj, (c) => {
      const n = count.get(c);
      if (n === undefined) return;
      count.set(c, n - 1);
      if (n === 1) free.push(c);
    });
  }
  return new Set(count.keys());
}
