import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { installGrowOracle } from '../../oracles/installGrowOracle';
import { OracleFailure } from '../../oracles/OracleFailure';
import { exactMaxRefusingDrc } from '../brokenCollectors/exactMaxRefusingDrc';

const ZEAL = { gcEveryNAllocs: 0, poison: true, checks: true };
// A maximum that is not a multiple of the alignment: the heap's is 2048, rounded down.
const store = (collector: GcRuntime) => new Store({ collector, initialHeapBytes: 1024, maxHeapBytes: 2055, zeal: ZEAL });

test('growth judgement: the non-moving heaps grow to exactly their maximum and refuse past it, unjudged; copying is not judged', () => {
  for (const name of ['drc', 'incremental', 'null'] as const) {
    const s = store(builtinCollectors[name]);
    const stats = installGrowOracle(s.heap, 2055, () => 7)!;
    assert.equal(s.heap.grow(1000), true, name); // 1024 + 1000 rounds up to 2032
    assert.equal(s.heap.grow(17), false, name); // 2049 rounds up to 2064: past the maximum
    assert.equal(s.heap.grow(16), true, name); // exactly 2048
    assert.equal(s.heap.grow(1), false, name);
    assert.deepEqual([s.heap.vmctxGcHeapBound(), stats.judged, stats.failure], [2048, 2, null], name);
  }
  assert.equal(installGrowOracle(store(builtinCollectors.copying).heap, 2055), null);
  assert.equal(installGrowOracle(store(builtinCollectors.drc).heap, undefined), null, 'no configured maximum: not judged');
});

test('growth judgement: a heap refusing to grow to exactly its maximum fails it (leak), named by the blamed op', () => {
  const s = store(exactMaxRefusingDrc);
  const stats = installGrowOracle(s.heap, 2055, () => 7)!;
  assert.equal(s.heap.grow(1000), true);
  assert.throws(() => s.heap.grow(16), (e: unknown) => e instanceof OracleFailure && e.oracle === 'leak' && e.opIndex === 7 && /grow\(16\) from a 2032-byte bound to 2048 bytes, within the maximum of 2048.*refused \(growth judgement\)/.test(e.message));
  assert.ok(stats.failure instanceof OracleFailure);
  assert.equal(s.heap.grow(1), false, 'after the first failure the wrapper only passes calls on');
});
