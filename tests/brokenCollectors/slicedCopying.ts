import type { GarbageCollection, GcHeap, GcHeapConfig, GcProgress, GcRuntime } from '../../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { GcRootsList } from '../../src/runtime/gcRootsList';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';

/**
 * BROKEN ON PURPOSE: a collection driven increment by increment (`collectIncrement`, as an async
 * embedder does) that needs more than one increment finishes differently from the same collection
 * run by `collect()`: its final slice never releases the host data of the externrefs it found dead,
 * so the table keeps entries for reclaimed objects. `collect()` is correct.
 * Expected oracle: incremental-vs-full.
 */
class SlicedCopyingHeap extends CopyingHeap {
  protected override startCollection(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
    let increments = 0;
    const forgetful = new Proxy(hostData, {
      get: (target, prop, receiver) => {
        if (prop === 'dealloc' && increments >= 2) return () => {};
        const v: unknown = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const inner = super.startCollection(roots, forgetful);
    return {
      collectIncrement(): GcProgress {
        increments++;
        return inner.collectIncrement();
      },
      collect(): void {
        inner.collect();
      },
    };
  }
}

export const slicedCopying: GcRuntime = {
  name: 'sliced-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new SlicedCopyingHeap(slicedCopying, config),
};

export default slicedCopying;
