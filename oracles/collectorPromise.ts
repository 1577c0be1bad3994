import type { GcHeap, GcRuntime } from '../src/runtime/gcHeap';
import { NullHeap } from '../src/runtime/collectors/nullHeap';

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

/** How a bump-allocating collector accounts its bytes, for the heap-accounting oracle. */
export interface BumpAccounting {
  /** Header bytes before the first field (gcLayout's `headerSize`). */
  readonly headerSize: number;
  /** Every object's size is rounded up to this. */
  readonly align: number;
  /** No object is smaller than this (room for the header and one u32). */
  readonly minObjectSize: number;
  /** Bytes at the start of the heap no object uses (so ref 0 stays null). */
  readonly reserved: number;
}

/**
 * The null collector's byte accounting (src/runtime/collectors/nullHeap.ts; seed: Wasmtime's null
 * collector bumps and never frees): `usedBytes` is the sum of every allocation since the heap was
 * created or reset, each its gcLayout size after an 8-byte header, at least 12 bytes, rounded up to 8;
 * `capacityBytes` is the bound less the 8 reserved bytes, its `bumpPointer` counter the reserved bytes
 * plus `usedBytes`; a collection changes none of them. Null for
 * other heaps, whose free lists and semi-spaces promise only the interface's inequalities. Keyed on
 * the class: a heap built on NullHeap (a user's variant too) inherits its promise.
 */
export function bumpAccounting(heap: GcHeap): BumpAccounting | null {
  if (!(heap instanceof NullHeap)) return null;
  return { headerSize: 8, align: 8, minObjectSize: 12, reserved: 8 };
}

/**
 * Counters of `GcHeap.stats().counters` a collector promises stay 0, with the promise each states
 * (checked by the accounting oracle whenever the heap reports the counter):
 *  - `unlistedStackRoots` (DRC): every Wasm stack root a collection meets is on the over-approximated
 *    stack-roots list, i.e. passed `readBarrierToWasm`/`exposeGcRefToWasm` since the last collection
 *    that could have swept it off. An unlisted one holds no count of its own: Wasm uses a ref only a
 *    host handle (or nothing) keeps alive, the use-after-free shape of Wasmtime's
 *    VMExternRefActivationsTable bugs (the interpreter once copied `invoke` arguments into the new
 *    frame before the collection `enterWasm` may run).
 */
export const ZERO_COUNTERS: Readonly<Record<string, string>> = {
  unlistedStackRoots: 'every Wasm stack root a collection meets is on the stack-roots list',
};
