import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { DrcHeap } from '../../src/runtime/collectors/drcHeap';

/**
 * BROKEN ON PURPOSE: DRC with CVE-2021-39216's transition (the `insertWithGc` seam): no room is
 * made on the stack-roots list for all the refs of a transition to Wasm; each is inserted with a
 * collection first when the list is full, which drops the list's count of the refs of the same
 * transition inserted before it (listed, on no Wasm stack yet). When the host held the only other
 * count (a host function's results), that ref is freed while Wasm receives it. Expected: a
 * use-after-free (sandbox "freed", dangling, or a differential on the reused block).
 */
export const insertWithGcDrc: GcRuntime = {
  name: 'insert-with-gc-drc',
  reclaims: 'acyclic',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new DrcHeap(insertWithGcDrc, config, { insertWithGc: true }),
};

export default insertWithGcDrc;
