/**
 * Micro-benchmark of the runtime's hot paths for each built-in collector (not a test):
 * allocations/s, barrier ops/s (writeGcRef, cloneGcRef + dropGcRef), struct field get/set and
 * ref-field writes. Run with `npm run bench:runtime`. Figures are wall-clock and machine dependent.
 * The incremental collector runs twice: without zeal (with its barriers measured also while a
 * collection's marking is open: `(marking)` columns) and with its default incremental zeal.
 */
import { builtinCollectors } from '../runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../runtime/gcHeap';
import { Store } from '../runtime/store';

const anyRef = { kind: 'ref', nullable: true, heap: 'any' } as const;

function opsPerSec(n: number, fn: (n: number) => void): number {
  fn(Math.min(n, 20_000)); // warm-up
  const t0 = process.hrtime.bigint();
  fn(n);
  const ns = Number(process.hrtime.bigint() - t0);
  return (n * 1e9) / ns;
}

function bench(collector: GcRuntime, zeal: boolean): Record<string, number> {
  const maxHeapBytes = collector.reclaims === 'nothing' ? 1 << 30 : 64 << 20;
  const store = new Store({ collector, maxHeapBytes, initialHeapBytes: 1 << 20, ...(zeal ? {} : { incrementalZeal: null }) });
  const heap = store.heap;
  const hd = store.hostData;
  const node = store.types.register({ kind: 'struct', fields: [{ storage: 'i32', mutable: true }, { storage: anyRef, mutable: true }] });
  const out: Record<string, number> = {};

  out['allocStruct'] = opsPerSec(500_000, (n) => {
    for (let i = 0; i < n; i++) heap.dropGcRef(hd, store.allocStruct(node));
    if (collector.reclaims === 'nothing') store.reset();
  });
  out['allocExternref'] = opsPerSec(300_000, (n) => {
    for (let i = 0; i < n; i++) heap.dropGcRef(hd, store.allocExternref(i));
    if (collector.reclaims === 'nothing') store.reset();
  });

  const a = store.root(store.allocStruct(node), true);
  const b = store.root(store.allocStruct(node), true);
  const slots = [0];
  out['writeGcRef'] = opsPerSec(2_000_000, (n) => {
    const ra = store.get(a);
    const rb = store.get(b);
    for (let i = 0; i < n; i++) heap.writeGcRef(hd, slots, 0, (i & 1) === 0 ? ra : rb);
  });
  heap.writeGcRef(hd, slots, 0, 0);
  out['cloneGcRef+dropGcRef'] = opsPerSec(2_000_000, (n) => {
    const ra = store.get(a);
    for (let i = 0; i < n; i++) heap.dropGcRef(hd, heap.cloneGcRef(ra));
  });
  out['structSet(ref)'] = opsPerSec(2_000_000, (n) => {
    const ra = store.get(a);
    const rb = store.get(b);
    for (let i = 0; i < n; i++) heap.structSet(hd, ra, 1, (i & 1) === 0 ? rb : 0);
  });
  out['structGet+structSet(i32)'] = opsPerSec(2_000_000, (n) => {
    const ra = store.get(a);
    for (let i = 0; i < n; i++) heap.structSet(hd, ra, 0, (heap.structGet(ra, 0) as number) + 1);
  });
  if (collector.mutatorRunsBetweenIncrements === true && !zeal) {
    // The same barriers while a collection's marking is open (the SATB barrier shades the old value).
    const gc = store.startGc();
    out['writeGcRef (marking)'] = opsPerSec(2_000_000, (n) => {
      const ra = store.get(a);
      const rb = store.get(b);
      for (let i = 0; i < n; i++) heap.writeGcRef(hd, slots, 0, (i & 1) === 0 ? ra : rb);
    });
    heap.writeGcRef(hd, slots, 0, 0);
    out['structSet(ref) (marking)'] = opsPerSec(2_000_000, (n) => {
      const ra = store.get(a);
      const rb = store.get(b);
      for (let i = 0; i < n; i++) heap.structSet(hd, ra, 1, (i & 1) === 0 ? rb : 0);
    });
    gc.collect();
  }
  const live = [];
  for (let i = 0; i < 20_000; i++) {
    const h = store.root(store.allocStruct(node), true);
    if (i > 0) heap.structSet(hd, store.get(h), 1, store.get(live[i - 1]!));
    live.push(h);
  }
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 20; i++) store.gc();
  out['gc (20k live objects) /s'] = 20e9 / Number(process.hrtime.bigint() - t0);
  return out;
}

const rows: Record<string, Record<string, string>> = {};
const runs: [string, GcRuntime, boolean][] = Object.entries(builtinCollectors).map(([name, c]) => [name, c, false]);
runs.push(['incremental (zeal)', builtinCollectors.incremental, true]);
for (const [name, c, zeal] of runs) {
  const r = bench(c, zeal);
  rows[name] = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v).toLocaleString('en-US')]));
}
console.log('gcfuzz runtime micro-benchmark (ops/s, higher is better)');
console.table(rows);
