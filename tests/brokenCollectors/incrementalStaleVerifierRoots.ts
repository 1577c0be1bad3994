import type { GarbageCollection, MarkingVerifier } from '../../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import { GcRootsList, type GcRoot } from '../../src/runtime/gcRootsList';
import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: the end-of-marking verifier is shown the roots of the collection's start
 * instead of refreshed ones (`GcRootsList.refresh` skipped): roots added since (new handles, pushed
 * frames) are missing and frames popped since are still listed, so the marking oracles judge a
 * stale root set. Expected oracle: roots.
 */
/** The roots list as it was when the collection started: the same root locations, never refreshed. */
class FrozenRoots extends GcRootsList {
  constructor(private readonly saved: readonly GcRoot[]) {
    super();
  }

  override [Symbol.iterator](): IterableIterator<GcRoot> {
    return this.saved[Symbol.iterator]();
  }
}

class Broken extends IncrementalHeap {
  private staleRoots: GcRootsList = new FrozenRoots([]);

  override gc(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
    this.staleRoots = new FrozenRoots([...roots]);
    return super.gc(roots, hostData);
  }

  override setMarkingVerifier(verifier: MarkingVerifier | null): void {
    if (verifier === null) return super.setMarkingVerifier(null);
    const heap = this;
    super.setMarkingVerifier({
      ...(verifier.start !== undefined ? { start: (view) => verifier.start!(view) } : {}),
      end: (view) => verifier.end(Object.create(view, { roots: { get: () => heap.staleRoots } })),
    });
  }
}

export default brokenIncremental('incremental-stale-verifier-roots', (runtime, config) => new Broken(runtime, config));
