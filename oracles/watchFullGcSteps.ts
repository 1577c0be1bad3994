import type { Store } from '../src/runtime/store';
import { OracleFailure } from './OracleFailure';

/**
 * The store-calls oracle's `gcStep` promise on a collector whose mutator may not run between
 * increments (`accounting`, store calls): there `gcStep(b)` is a full collection, so it completes
 * exactly one collection, counts one `gcStep` trigger and no `sliced`, leaves no collection open,
 * counts no `incrementalCycles` (the mutator never ran beside it) and returns true. Wraps the
 * instance's `gcStep`; the interpreter engines call it for some of a case's `gc_step` imports.
 * O(1) per call (counter reads).
 */
export function watchFullGcSteps(store: Store, blame: () => number): void {
  const step = store.gcStep;
  store.gcStep = (budget: number): boolean => {
    const c0 = store.collections;
    const y0 = store.incrementalCycles;
    const t0 = store.gcTriggerCount('gcStep');
    const l0 = store.gcTriggerCount('sliced');
    const done = step.call(store, budget);
    const completed = store.collections - c0;
    const cycles = store.incrementalCycles - y0;
    const triggers = store.gcTriggerCount('gcStep') - t0;
    const sliced = store.gcTriggerCount('sliced') - l0;
    if (done !== true || completed !== 1 || cycles !== 0 || triggers !== 1 || sliced !== 0 || store.incrementalOpen) {
      throw new OracleFailure(
        'accounting',
        blame(),
        'true returned, 1 collection completed, incrementalCycles +0, gcStep +1, sliced +0, none open (a full collection: the mutator may not run between increments)',
        `returned ${String(done)}, ${completed} completed, incrementalCycles +${cycles}, gcStep +${triggers}, sliced +${sliced}, ${store.incrementalOpen ? 'open' : 'none open'}`,
        'store calls, gcStep',
      );
    }
    return done;
  };
}
