import assert from 'node:assert/strict';
import test from 'node:test';
import { judgeOutOfMemory } from '../../../oracles/engines/judgeOutOfMemory';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { OutOfMemoryError } from '../../../src/errors/OutOfMemoryError';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../../src/runtime/gcHeap';
import { Store } from '../../../src/runtime/store';
import { growthRefusingDrc } from '../../brokenCollectors/growthRefusingDrc';

const MAX = 1 << 20;

function store(collector: GcRuntime, maxHeapBytes = MAX, judged = true): { s: Store; i64s: number; pair: number } {
  const s = new Store({ collector, initialHeapBytes: 4096, maxHeapBytes });
  if (judged) judgeOutOfMemory(s, maxHeapBytes);
  const i64s = s.types.register({ kind: 'array', element: { storage: 'i64', mutable: true } });
  const pair = s.types.register({ kind: 'struct', fields: [{ storage: 'i32', mutable: true }, { storage: 'i64', mutable: true }] });
  return { s, i64s, pair };
}

const isLeak = (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'leak' && /out-of-memory judgement/.test(e.message);

test('judgeOutOfMemory: an OOM on a nearly empty heap (a heap that refuses to grow) is a leak finding', () => {
  const { s, i64s } = store(growthRefusingDrc);
  s.allocArray(i64s, 0);
  assert.throws(() => s.allocArray(i64s, 4096), isLeak);
  // Without the judgement the same allocation is a plain out-of-memory (an allowed difference).
  const plain = store(growthRefusingDrc, MAX, false);
  assert.throws(() => plain.s.allocArray(plain.i64s, 4096), OutOfMemoryError);
});

test('judgeOutOfMemory: every allocation kind is judged; a request far over a quarter of the heap is allowed', () => {
  // A heap that never grows, filled with live arrays: every kind of allocation then fails with
  // the heap far from its configured maximum.
  const noGrowth: GcRuntime = { ...builtinCollectors.drc, newGcHeap: (config) => Object.assign(builtinCollectors.drc.newGcHeap(config), { grow: () => false }) };
  const full = store(noGrowth);
  full.s.enterScope();
  const fill = (alloc: () => number, what: string): void => assert.throws(() => {
    for (;;) full.s.root(alloc());
  }, isLeak, what);
  fill(() => full.s.allocArray(full.i64s, 8), 'array');
  fill(() => full.s.allocStruct(full.pair), 'struct');
  fill(() => full.s.allocExn(full.pair), 'exn');
  fill(() => full.s.allocExternref({}), 'extern');
  const { s, i64s } = store(builtinCollectors.drc);
  assert.throws(() => s.allocArray(i64s, 1 << 28), (e: unknown) => e instanceof OutOfMemoryError);
  assert.throws(() => s.allocArray(i64s, MAX / 8), (e: unknown) => e instanceof OutOfMemoryError);
});

test('judgeOutOfMemory: OOM with the heap full of live objects is allowed on every built-in collector', () => {
  for (const c of Object.values(builtinCollectors)) {
    const { s, i64s } = store(c, 64 * 1024);
    const scope = s.enterScope();
    let kept = 0;
    assert.throws(() => {
      for (;;) {
        s.root(s.allocArray(i64s, 64));
        kept++;
      }
    }, (e: unknown) => e instanceof OutOfMemoryError, c.name);
    assert.ok(kept > 10, `${c.name}: ${kept}`);
    s.exitScope(scope);
  }
});

test('judgeOutOfMemory: inside a no-GC scope OOM is allowed; other errors pass through untouched', () => {
  const { s, i64s } = store(growthRefusingDrc);
  s.heap.enterNoGcScope();
  assert.throws(() => s.allocArray(i64s, 4096), (e: unknown) => e instanceof OutOfMemoryError);
  s.heap.exitNoGcScope();
  assert.throws(() => s.allocArray(i64s + 100, 1), (e: unknown) => !(e instanceof OracleFailure) && !(e instanceof OutOfMemoryError));
});

test('judgeOutOfMemory: once the heap has grown past half its maximum, OOM is allowed (fragmentation may excuse it)', () => {
  // A heap with no contiguous room for any array (as if fragmented) that cannot grow: judged only by its capacity.
  const fragmented = (initialBytes: number): GcRuntime => ({
    ...builtinCollectors.drc,
    newGcHeap: (config) => Object.assign(builtinCollectors.drc.newGcHeap({ ...config, initialBytes }), { grow: () => false, allocArray: () => null }),
  });
  const big = store(fragmented(MAX));
  assert.ok(2 * big.s.heap.stats().capacityBytes > MAX);
  assert.throws(() => big.s.allocArray(big.i64s, 16), (e: unknown) => e instanceof OutOfMemoryError);
  const small = store(fragmented(4096));
  assert.throws(() => small.s.allocArray(small.i64s, 16), isLeak);
});
