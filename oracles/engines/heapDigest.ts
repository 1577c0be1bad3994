import type { Store } from '../../src/runtime/store';

/** FNV-1a of a store's heap memory up to its bound (the model heap has none: 0). */
export function heapDigest(store: Store): number {
  const bytes = new Uint8Array(store.heap.vmctxGcHeapBase(), 0, Math.min(store.heap.vmctxGcHeapBound(), store.heap.vmctxGcHeapBase().byteLength));
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
