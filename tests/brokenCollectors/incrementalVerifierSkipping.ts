import type { MarkingVerifier } from '../../src/runtime/gcHeap';
import { IncrementalHeap } from '../../src/runtime/collectors/incrementalHeap';
import { brokenIncremental } from './brokenIncremental';

/**
 * BROKEN ON PURPOSE: the verification hook never calls the verifier's `start`, so no snapshot is
 * recorded and the snapshot-edges oracle silently judges nothing (a collector whose own
 * verification lost its power, while every collection still ends correctly).
 * Expected oracle: marking-counters.
 */
class Broken extends IncrementalHeap {
  override setMarkingVerifier(verifier: MarkingVerifier | null): void {
    super.setMarkingVerifier(verifier === null ? null : { end: (view) => verifier.end(view), ...(verifier.slice !== undefined ? { slice: verifier.slice.bind(verifier) } : {}) });
  }
}

export default brokenIncremental('incremental-verifier-skipping', (runtime, config) => new Broken(runtime, config));
