import type { GcRuntime } from '../src/runtime/gcHeap';

/**
 * Every outcome that may legitimately differ between collectors (and between a collector and the
 * model), in one place. Anything not listed here is a finding.
 *
 * 1. Out of memory. A collector may throw OutOfMemoryError on an allocation when what it must
 *    keep is a large share of the maximum heap: all objects ever allocated for `null`, the
 *    reachable ones plus cycle garbage for DRC, the reachable ones for precise collectors (which
 *    may need twice that while copying). "Large share" is a quarter of `maxHeapBytes` measured
 *    with the model's per-object upper-bound size estimate, which leaves room for headers,
 *    alignment, fragmentation and semi-spaces. Inside a no-GC scope nothing can be reclaimed, so
 *    OOM there is always allowed. After an allowed OOM the run on that collector stops; traces are
 *    compared only up to the first op where either run stopped.
 * 2. Forged refs (op `forge`): whether a ref that is freed, foreign or points inside an object
 *    raises SandboxError or reads stale bytes depends on the layout; only "typed error or stale
 *    data inside the same heap, other heaps untouched" is required, so the outcome of each forge
 *    op is left out of cross-collector traces (observation `uncompared`), and a forge that succeeds in mutating taints the
 *    run: later values are not compared (only the sandbox oracle keeps running).
 * 3. When collections happen and how many (zeal, allocation failure, DRC's list trigger) and the
 *    number of slices a collection takes: not observable in traces.
 * 4. Addresses (raw GcRefs): never compared; refs are compared by the identity of the model
 *    object they name.
 */
export function isOomAllowed(args: {
  readonly reclaims: GcRuntime['reclaims'];
  /** Model estimate of bytes the collector must keep (see above), including the request. */
  readonly keptBytes: number;
  readonly maxHeapBytes: number;
  readonly inNoGcScope: boolean;
}): boolean {
  if (args.inNoGcScope) return true;
  return 4 * args.keptBytes > args.maxHeapBytes;
}
