import assert from 'node:assert/strict';
import test from 'node:test';
import { OracleFailure } from '../../oracles/OracleFailure';
import { watchFullGcSteps } from '../../oracles/watchFullGcSteps';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { Store, type StoreConfig } from '../../src/runtime/store';

const fails = (re: RegExp) => (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'accounting' && e.opIndex === 7 && /store calls, gcStep/.test(e.message) && re.test(e.message);
const nonIncremental = Object.values(builtinCollectors).filter((c) => c.mutatorRunsBetweenIncrements !== true);

/** A store on `collector` with live and dead arrays, its gcStep watched (blaming op 7). */
function watched<S extends Store>(make: (config: StoreConfig) => S, collector: StoreConfig['collector']): S {
  const s = make({ collector, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
  watchFullGcSteps(s, () => 7);
  const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  for (let i = 0; i < 20; i++) {
    const h = s.root(s.allocArray(arr, 2));
    if (i % 2 === 0) s.drop(h);
  }
  return s;
}

test('full gcStep: a correct store passes on every collector whose mutator may not run between increments', () => {
  assert.deepEqual(nonIncremental.map((c) => c.name).sort(), ['copying', 'drc', 'null']);
  for (const c of nonIncremental) {
    const s = watched((cfg) => new Store(cfg), c);
    for (let i = 0; i < 3; i++) assert.equal(s.gcStep(1 + i), true);
    assert.deepEqual([s.collections, s.gcTriggerCount('gcStep'), s.incrementalCycles], [3, 3, 0], c.name);
  }
});

test('full gcStep: a store that skips the collection, reports it unfinished or slices it instead fails', () => {
  class SkippingStore extends Store {
    override gcStep(_budget: number): boolean {
      return true;
    }
  }
  class UnfinishedStore extends Store {
    override gcStep(budget: number): boolean {
      super.gcStep(budget);
      return false;
    }
  }
  /** Opens a collection and runs one slice of it, as on a collector whose mutator runs between increments. */
  class SlicingStore extends Store {
    override gcStep(budget: number): boolean {
      const g = this.startGc();
      return g.collectIncrement(budget) === 'complete';
    }
  }
  for (const c of nonIncremental) {
    assert.throws(() => watched((cfg) => new SkippingStore(cfg), c).gcStep(1), fails(/got returned true, 0 completed/), c.name);
    assert.throws(() => watched((cfg) => new UnfinishedStore(cfg), c).gcStep(1), fails(/got returned false, 1 completed/), c.name);
    assert.throws(() => watched((cfg) => new SlicingStore(cfg), c).gcStep(1), fails(/gcStep \+0/), c.name);
  }
});
