import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import type { StorageType } from '../../src/runtime/gcTypes';
import { exactFillLengths } from '../../src/gen/ops/boundaryArrayLength';
import { drcArrayBlock, installExactFitOracle } from '../../oracles/installExactFitOracle';
import { exactFitRefusingDrc } from '../brokenCollectors/exactFitRefusingDrc';
import { failureOf } from './failureOf';

const STORAGES: [number, StorageType][] = [[1, 'i8'], [2, 'i16'], [4, 'i32'], [8, 'i64'], [4, { kind: 'ref', nullable: true, heap: 'any' }]];
const CONFIGS = [
  { heapBytes: 4096, maxHeapBytes: 65536 },
  { heapBytes: 8192, maxHeapBytes: 8192 },
  { heapBytes: 1000, maxHeapBytes: 20000 },
];
const ZEAL = { gcEveryNAllocs: 0, poison: true, checks: true };

/** A store on `collector` with the exact-fit oracle; the array type of `storage`. */
function setup(collector: GcRuntime, cfg: (typeof CONFIGS)[number], storage: StorageType) {
  const store = new Store({ collector, initialHeapBytes: cfg.heapBytes, maxHeapBytes: cfg.maxHeapBytes, zeal: ZEAL });
  const ty = store.types.register({ kind: 'array', element: { storage, mutable: true } });
  const stats = installExactFitOracle(store.heap, store.types, () => 3);
  return { store, ty, stats };
}

test('exact fit: DRC\'s block by the oracle\'s rule is the real one; an empty DRC heap allocates the array that fills its bound to the byte, and refuses one element more', () => {
  let fills = 0;
  for (const cfg of CONFIGS) {
    for (const [bytes, storage] of STORAGES) {
      // exactFillLengths index 4: DRC's layout filling the initial bound to the byte.
      const fill = exactFillLengths(bytes, { ...cfg, zeal: ZEAL, incrementBudget: 16384 })[4]!;
      if (fill < 0) continue;
      fills++;
      const { store, ty, stats } = setup(builtinCollectors.drc, cfg, storage);
      const bound = store.heap.vmctxGcHeapBound();
      assert.equal(drcArrayBlock(bytes, fill), bound - 16);
      const r = store.allocArray(ty, fill);
      assert.ok(r > 0);
      assert.equal(store.heap.vmctxGcHeapBound(), bound, 'no growth: it fit');
      assert.equal(store.heap.stats().counters['bumpPointer'], bound, 'the block ends at the bound');
      assert.equal(stats!.judged, 0, 'nothing refused');
      store.reset();
      // One element more does not fit the bound: refused (null, then the store grows or fails), and not a finding.
      try {
        store.allocArray(ty, fill + 1);
      } catch {
        // out of memory where the maximum is the bound
      }
      assert.ok(stats!.judged >= 1 && stats!.failure === null);
    }
  }
  assert.ok(fills >= 8, `${fills} exact fills`);
});

test('exact fit: a DRC off by one at the bound fails with leak, naming the refusal; other collectors are not judged', () => {
  const { store, ty } = setup(exactFitRefusingDrc, CONFIGS[1]!, 'i32');
  const f = failureOf(() => store.allocArray(ty, 2037));
  assert.equal(f.oracle, 'leak');
  assert.equal(f.opIndex, 3);
  assert.match(f.message, /expected an array of 2037 x 4 bytes \(a 8176-byte block\) allocated: the empty heap has 8176 bytes past the null granule, got out of memory/);
  const { store: s2, ty: t2 } = setup(exactFitRefusingDrc, CONFIGS[0]!, 'i32');
  assert.match(failureOf(() => s2.allocArray(t2, 1013)).message, /got no room \(null: collect and retry\)/);
  for (const name of ['null', 'copying', 'incremental'] as const) assert.equal(setup(builtinCollectors[name], CONFIGS[0]!, 'i8').stats, null);
});
