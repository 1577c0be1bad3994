import { OracleFailure } from './OracleFailure';
import { CALL_COUNTERS, type HeapCallLedger } from './heapCallLedger';
import { ZERO_COUNTERS } from './collectorPromise';
import { checkDrcAccounting } from './checkDrcAccounting';
import { checkSemiSpaceAccounting } from './checkSemiSpaceAccounting';

/**
 * The `accounting` oracle: the heap's own bookkeeping (`GcHeap.stats()`) against the runtime calls
 * the ledger saw since the heap was created (or reset). Cheap (no heap walk), so it runs after every op
 * and at the end of every Wasm invocation. Promises, for every collector:
 *  - since the last check, each barrier/allocation counter has risen by exactly the calls the ledger
 *    counted (so they are also monotone; a call that threw may or may not count), and `collections`
 *    by exactly the collections that completed;
 *  - the heap started with the capacity it was configured with (HeapMemory heaps: the configured
 *    initial bytes rounded up to HEAP_SIZE_ALIGN, at least 4 granules; any heap: at least the
 *    initial bytes), its bound changed only through `grow` and never passed the maximum;
 *  - 0 <= usedBytes <= capacityBytes <= bound;
 *  - every `ZERO_COUNTERS` counter the heap reports is 0 (DRC: no unlisted Wasm stack root);
 *  - on DRC, its own counters agree with each other and with objectCount and usedBytes (checkDrcAccounting);
 * and, for a bump-accounting collector (`bumpAccounting`: the null collector), usedBytes is the
 * sum of the allocations' sizes, capacityBytes the bound less the reserved bytes, its `bumpPointer`
 * counter the reserved bytes plus usedBytes, and objectCount the allocations made.
 */
export function checkHeapAccounting(ledger: HeapCallLedger, opIndex: number, when: string | (() => string)): void {
  // This runs after every op: it allocates nothing unless it fails (`when` may be a function for that reason).
  if (ledger.quiet && ledger.faults.length === 0) return;
  if (ledger.faults.length > 0) failAccounting(opIndex, when, 'a heap sized by its configuration and grown by the rule of GcHeap.grow', ledger.faults[0]!);
  const heap = ledger.heap;
  const s = heap.stats();
  const b = ledger.base;
  for (let i = 0; i < CALL_COUNTERS.length; i++) {
    const k = CALL_COUNTERS[i]!;
    const rise = (s.counters[k] ?? NaN) - (b.counters[k] ?? NaN);
    const lo = ledger.calls[k];
    const hi = lo + ledger.threw[k];
    if (!(rise >= lo && rise <= hi)) failAccounting(opIndex, when, `counter ${k} to rise by the ${lo} calls made${hi > lo ? ` (up to ${hi} with those that threw)` : ''} from ${b.counters[k]}`, `${s.counters[k]}`);
  }
  if (s.collections - b.collections !== ledger.completedCollections) {
    failAccounting(opIndex, when, `collections to rise by the ${ledger.completedCollections} completed (from ${b.collections})`, `${s.collections}`);
  }
  for (const k in ZERO_COUNTERS) {
    const v = s.counters[k];
    if (v !== undefined && v !== 0) failAccounting(opIndex, when, `counter ${k} 0 (${ZERO_COUNTERS[k]})`, `${v}`);
  }
  const bound = heap.vmctxGcHeapBound();
  const drc = checkDrcAccounting(heap, s, bound);
  if (drc !== null) failAccounting(opIndex, when, drc[0], drc[1]);
  if (bound !== ledger.bound) failAccounting(opIndex, when, `the heap bound ${ledger.bound} (it changes only through grow)`, `${bound}`);
  if (!(s.usedBytes >= 0 && s.usedBytes <= s.capacityBytes && s.capacityBytes <= bound)) {
    failAccounting(opIndex, when, `0 <= usedBytes <= capacityBytes <= bound ${bound}`, `usedBytes ${s.usedBytes}, capacityBytes ${s.capacityBytes}`);
  }
  const a = ledger.accounting;
  if (a !== null) {
    if (s.usedBytes !== ledger.allocatedBytes) failAccounting(opIndex, when, `usedBytes ${ledger.allocatedBytes} (the ${ledger.allocatedObjects} allocations' sizes)`, `${s.usedBytes}`);
    if (s.capacityBytes !== bound - a.reserved) failAccounting(opIndex, when, `capacityBytes ${bound - a.reserved} (the bound less ${a.reserved} reserved bytes)`, `${s.capacityBytes}`);
    const bump = s.counters['bumpPointer'];
    if (bump !== a.reserved + ledger.allocatedBytes!) failAccounting(opIndex, when, `bumpPointer ${a.reserved + ledger.allocatedBytes!} (the reserved bytes plus the allocations)`, `${bump}`);
    const objects = ledger.objectsAtStart + ledger.allocatedObjects;
    if (s.objectCount !== objects) failAccounting(opIndex, when, `objectCount ${objects} (one per allocation; nothing is freed)`, `${s.objectCount}`);
  }
  const semi = checkSemiSpaceAccounting(heap, b, s, ledger.completedCollections, bound);
  if (semi !== null) failAccounting(opIndex, when, semi[0], semi[1]);
  ledger.settle(s);
}


function failAccounting(opIndex: number, when: string | (() => string), expected: string, actual: string): never {
  throw new OracleFailure('accounting', opIndex, expected, actual, typeof when === 'string' ? when : when());
}
