import assert from 'node:assert/strict';
import test from 'node:test';
import { OracleFailure } from '../../oracles/OracleFailure';
import { watchHeapSlices } from '../../oracles/watchHeapSlices';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import type { IncrementalZeal } from '../../src/runtime/gcHeap';
import { Store } from '../../src/runtime/store';

const fails = (re: RegExp) => (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'accounting' && e.opIndex === 3 && /store calls, incremental zeal draw \d+/.test(e.message) && re.test(e.message);

/**
 * A workload of `n` steps on an incremental store whose zeal is `used`, watched as if it were
 * `told`: allocations inside and outside no-GC scopes, handle writes and drops (barrier calls), and
 * the host's own slices (sliceIncremental, gcStep, a startGc collection), which are not the zeal's.
 */
function workload(used: IncrementalZeal, told: IncrementalZeal, n: number): Store {
  const s = new Store({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: used });
  watchHeapSlices(s, told, () => 3);
  const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  const held = [s.root(s.allocArray(arr, 4))];
  for (let i = 0; i < n; i++) {
    const h = s.root(s.allocArray(arr, 1 + (i % 5)));
    s.set(held[0]!, s.get(h));
    if (i % 3 === 0) s.drop(h);
    else held.push(h);
    if (held.length > 8) s.drop(held.splice(1, 1)[0]!);
    if (i % 7 === 0) {
      s.enterNoGcScope();
      s.root(s.allocArray(arr, 2));
      s.sliceIncremental(2);
      s.exitNoGcScope();
    }
    if (i % 11 === 5) s.sliceIncremental(1 + (i % 4));
    if (i % 13 === 6) s.gcStep(2);
    if (i % 17 === 8) {
      const g = s.startGc();
      g.collectIncrement(3);
      g.collect();
    }
  }
  return s;
}

test('zeal draws: a store whose zeal follows its documented draws passes, over periods, budgets and seeds', () => {
  let cycles = 0;
  let dropped = 0;
  for (const every of [1, 2, 3]) {
    for (const seed of [0, 1, 0x1ce, 0xffffffff]) {
      const z = { every, maxBudget: 1 + (seed % 5), seed };
      const s = workload(z, z, 300);
      cycles += s.incrementalCycles;
      dropped += s.gcTriggerCount('dropped');
    }
  }
  // The workload reaches every kind of zeal action: marks, slices that complete, drops.
  assert.ok(cycles > 0 && dropped > 0, `cycles ${cycles}, dropped ${dropped}`);
});

test('zeal draws: a zeal drawing from another seed, or budgeting by another maximum, fails', () => {
  const z = { every: 2, maxBudget: 4, seed: 0x1ce };
  assert.throws(() => workload({ ...z, seed: 0x1cf }, z, 300), fails(/expected (a drop|a (mark|slice) of \d+) at .*, got (a drop|a (mark|slice) of \d+)/));
  assert.throws(() => workload({ ...z, maxBudget: 8 }, z, 300), fails(/of \d+ at .*, got a (mark|slice) of \d+/));
  // The failure names the seed and maximum the oracle was told.
  assert.throws(() => workload({ ...z, seed: 7 }, { ...z, seed: 8 }, 300), fails(/seed 8, maxBudget 4/));
});

test('heap slices: the host\'s sliceIncremental marks only inside no-GC scopes and slices outside; gcStep slices; with no zeal only the host slices', () => {
  const open = (s: Store): number => {
    const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
    for (let i = 0; i < 30; i++) s.root(s.allocArray(arr, 2));
    s.openIncremental();
    return arr;
  };
  const fresh = (): Store => {
    const s = new Store({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
    watchHeapSlices(s, null, () => 3);
    return s;
  };
  const s = fresh();
  open(s);
  s.enterNoGcScope();
  s.sliceIncremental(2);
  s.exitNoGcScope();
  s.sliceIncremental(1);
  s.gcStep(3);
  s.sliceIncremental(1 << 20);
  assert.equal(s.incrementalOpen, false);
  const hostFails = (call: string, re: RegExp) => (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'accounting' && e.message.includes(`store calls, ${call}`) && re.test(e.message);
  /** Marks where it must slice and slices where it must mark. */
  class SwappedStore extends Store {
    override sliceIncremental(budget: number): void {
      if (this.heap.noGcScopeDepth > 0) return super.sliceIncremental(budget);
      this.heap.enterNoGcScope();
      try {
        super.sliceIncremental(budget);
      } finally {
        this.heap.exitNoGcScope();
      }
    }
  }
  const w = new SwappedStore({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
  watchHeapSlices(w, null, () => 3);
  open(w);
  assert.throws(() => w.sliceIncremental(2), hostFails('sliceIncremental', /expected a slice of 2, got a mark of 2/));
  /** Halves the budget it was given. */
  class HalvingStore extends Store {
    override gcStep(budget: number): boolean {
      return super.gcStep(Math.max(1, budget >> 1));
    }
  }
  const h = new HalvingStore({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
  watchHeapSlices(h, null, () => 3);
  open(h);
  assert.throws(() => h.gcStep(4), hostFails('gcStep', /expected a slice of 4, got a slice of 2/));
  // A store that slices on its own with no zeal configured.
  const z = new Store({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: { every: 1, maxBudget: 2, seed: 5 } });
  watchHeapSlices(z, null, () => 3);
  assert.throws(() => open(z) + open(z), hostFails('no incremental zeal', /expected no (slice|drop) but the host's/));
});
