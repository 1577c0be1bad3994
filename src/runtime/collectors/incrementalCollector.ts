import type { GcHeap, GcHeapConfig, GcRuntime, IncrementalZeal } from '../gcHeap';
import { IncrementalHeap } from './incrementalHeap';

/**
 * Default incremental zeal of the built-in `incremental` collector: a slice every 2 allocations or
 * barrier calls with budgets of 1-4 objects, so that on the small heaps of fuzz cases marking stays
 * open across several ops. `--incremental-zeal N` (collector name `incremental:N`) changes the period;
 * N = 0 turns the zeal off.
 */
export const DEFAULT_INCREMENTAL_ZEAL: IncrementalZeal = { every: 2, maxBudget: 4, seed: 0x1ce };

/** The incremental collector with incremental zeal `zeal` (null: none), named as the CLI accepts it. */
export function incrementalCollectorWith(zeal: IncrementalZeal | null, name: string): GcRuntime {
  const runtime: GcRuntime = {
    name,
    reclaims: 'all',
    moving: false,
    mutatorRunsBetweenIncrements: true,
    ...(zeal !== null ? { incrementalZeal: zeal } : {}),
    newGcHeap(config: GcHeapConfig): GcHeap {
      return new IncrementalHeap(runtime, config);
    },
  };
  return runtime;
}

/**
 * `runtime` (a collector whose mutator runs between increments, e.g. loaded from a path) with its
 * incremental zeal period set to `every` (0: off), named `<name>:<every>`; it inherits everything
 * else, so its methods see it as `this`.
 */
export function withIncrementalZealPeriod(runtime: GcRuntime, every: number): GcRuntime {
  const zeal = every === 0 ? undefined : { ...(runtime.incrementalZeal ?? DEFAULT_INCREMENTAL_ZEAL), every };
  return Object.assign(Object.create(runtime) as GcRuntime, { name: `${runtime.name}:${every}`, incrementalZeal: zeal });
}

/** Built-in `incremental`: non-moving tri-colour incremental mark-sweep with a SATB barrier (IncrementalHeap). */
export const incrementalCollector: GcRuntime = incrementalCollectorWith(DEFAULT_INCREMENTAL_ZEAL, 'incremental');

export default incrementalCollector;
