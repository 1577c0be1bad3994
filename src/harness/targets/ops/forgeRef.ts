import type { Store } from '../../../runtime/store';
import type { GcRef } from '../../../runtime/gcRef';
import { refI31 } from '../../../runtime/gcRef';
import type { GcRefSlots } from '../../../runtime/gcRootsList';
import type { ForgeKind, ForgeUse } from '../../../gen/ops/opCase';
import type { Bystander } from './bystander';

/**
 * A bad ref of `kind`: 'oob' past the heap bound (or near 2^32), 'misaligned' two bytes into an
 * object, 'freed' a ref released earlier in the run (usually freed, maybe reused), 'i31' an i31
 * used as an object, 'foreign' an object of the bystander store, 'interior' eight bytes into an
 * object. `base` is a live object of the store when one exists (0 otherwise).
 */
export function forgeRef(kind: ForgeKind, n: number, store: Store, base: GcRef, graveyard: readonly GcRef[], bystander: Bystander): GcRef {
  const heapBase = base !== 0 && (base & 1) === 0 ? base : 16 * (1 + (n % 8));
  switch (kind) {
    case 'oob': return (n & 1) === 0 ? (store.heap.vmctxGcHeapBound() + 16 * (1 + (n % 64))) >>> 0 : (0xfffffff0 - 16 * (n % 16)) >>> 0;
    case 'misaligned': return heapBase + 2;
    case 'freed': return graveyard.length > 0 ? graveyard[n % graveyard.length]! : heapBase;
    case 'i31': return refI31(n);
    case 'foreign': {
      const refs = bystander.refs();
      return refs[n % refs.length]!;
    }
    case 'interior': return heapBase + 8;
    // The forged-input kinds scribble bytes first (src/cases/ops/forgeInput.ts); alone, their ref is an interior one.
    default: return heapBase + 8;
  }
}

/** Give a forged ref to one heap entry point; returns what a read returned. */
export function useForgedRef(use: ForgeUse, ref: GcRef, n: number, store: Store, slots: GcRefSlots): unknown {
  const heap = store.heap;
  const hd = store.hostData;
  switch (use) {
    case 'headerKind': return heap.headerKind(ref);
    case 'structGet': return heap.structGet(ref, n % 4);
    case 'arrayGet': return heap.arrayGet(ref, n % 4);
    case 'arrayLen': return heap.arrayLen(ref);
    case 'hostData': return hd.get(heap.externrefHostData(ref));
    case 'structSet': return heap.structSet(hd, ref, 0, 0);
    case 'arraySet': return heap.arraySet(hd, ref, 0, 0);
    case 'clone': return heap.cloneGcRef(ref);
    case 'drop': return heap.dropGcRef(hd, ref);
    case 'expose': return heap.exposeGcRefToWasm(ref);
    case 'write': return heap.writeGcRef(hd, slots, 0, ref);
    case 'root': return store.root(ref, true);
  }
}
