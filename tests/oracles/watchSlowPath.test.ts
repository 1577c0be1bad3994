import assert from 'node:assert/strict';
import test from 'node:test';
import { OracleFailure } from '../../oracles/OracleFailure';
import { watchSlowPath } from '../../oracles/watchSlowPath';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { Store, type StoreConfig } from '../../src/runtime/store';

const fails = (re: RegExp) => (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'accounting' && e.opIndex === 5 && /store calls, allocation slow path/.test(e.message) && re.test(e.message);

/** Allocations on a small heap of `collector` (live and dead arrays of growing lengths, some inside no-GC scopes, externrefs, structs) until out of memory. */
function workload<S extends Store>(make: (config: StoreConfig) => S, collector: GcRuntime): S {
  const s = make({ collector, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, incrementalZeal: null });
  watchSlowPath(s, () => 5);
  const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  const pair = s.types.register({ kind: 'struct', fields: [{ storage: 'i32', mutable: true }, { storage: 'i64', mutable: true }] });
  try {
    for (let i = 0; i < 400; i++) {
      const h = s.root(s.allocArray(arr, (i * 37) % 600));
      if (i % 3 !== 0) s.drop(h);
      s.allocStruct(pair);
      if (i % 5 === 0) s.allocExternref({ i });
      if (i % 50 === 25) {
        s.enterNoGcScope();
        try {
          s.allocArray(arr, 200);
        } finally {
          s.exitNoGcScope();
        }
      }
    }
  } catch (e) {
    if (!(e instanceof OutOfMemoryError)) throw e;
  }
  return s;
}

test('slow path: a store following its policy passes on every collector, collecting and growing on the way', () => {
  for (const c of Object.values(builtinCollectors)) {
    const s = workload((cfg) => new Store(cfg), c);
    assert.ok(s.heap.stats().capacityBytes > 4096, c.name);
    if (c.reclaims !== 'nothing') assert.ok(s.gcTriggerCount('allocation') > 0, c.name);
  }
});

test('slow path: a store that grows by a fixed amount on a refusal, or gives up at once, fails', () => {
  class FixedGrowthStore extends Store {
    override allocArray(typeIndex: number, length: number): number {
      if (this.heap.allocArray(typeIndex, length) === null) this.heap.grow(4096);
      return super.allocArray(typeIndex, length);
    }
  }
  class GivingUpStore extends Store {
    override allocArray(typeIndex: number, length: number): number {
      const r = this.heap.allocArray(typeIndex, length);
      if (r === null) throw new OutOfMemoryError(length);
      return r;
    }
  }
  for (const c of Object.values(builtinCollectors)) {
    assert.throws(() => workload((cfg) => new FixedGrowthStore(cfg), c), fails(/expected (collect|grow\(\d+\)), got grow\(4096\)/), c.name);
    assert.throws(() => workload((cfg) => new GivingUpStore(cfg), c), fails(/expected (collect|grow\(\d+\)), got out of memory/), c.name);
  }
});
