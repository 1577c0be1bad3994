import { OracleFailure } from './OracleFailure';
import type { CallCounter, HeapCallLedger } from './heapCallLedger';
import type { HeapStats } from '../src/runtime/gcHeap';
import { ZERO_COUNTERS } from './collectorPromise';
import { checkDrcAccounting } from './checkDrcAccounting';
import { checkAbandonedCount, checkSemiSpaceAccounting } from './checkSemiSpaceAccounting';

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
 *  - on a copying heap, its counters keep the semi-space promises (checkSemiSpaceAccounting) and
 *    each completed collection took the slices its increment budget gives (checkCopyingSliceBudget,
 *    judged by the ledger when the collection completes), and every collection started was
 *    completed or abandoned at most once (checkAbandonedCount);
 * and, for a bump-accounting collector (`bumpAccounting`: the null collector), usedBytes is the
 * sum of the allocations' sizes, capacityBytes the bound less the reserved bytes, its `bumpPointer`
 * counter the reserved bytes plus usedBytes, and objectCount the allocations made.
 */
export function checkHeapAccounting(ledger: HeapCallLedger, opIndex: number, when: string | (() => string)): void {
  // This runs after every op: it allocates nothing unless it fails (`when` may be a function for that reason).
  if (ledger.quiet && ledger.faults.length === 0) return;
  if (ledger.faults.length > 0) failAccounting(opIndex, when, 'a heap sized by its configuration, grown by the rule of GcHeap.grow, (copying) sliced by its increment budget, answering null only where a collection or growth could help', ledger.faults[0]!);
  const heap = ledger.heap;
  const s = heap.stats();
  const b = ledger.base;
  // Each counter read by a constant key: a key from a list is a dictionary lookup per read, per op.
  const sc = s.counters;
  const bc = b.counters;
  const calls = ledger.calls;
  const threw = ledger.threw;
  if (!rose(sc['allocs'], bc['allocs'], calls.allocs, threw.allocs)) failCallCounter(ledger, s, opIndex, when, 'allocs');
  if (!rose(sc['cloneGcRef'], bc['cloneGcRef'], calls.cloneGcRef, threw.cloneGcRef)) failCallCounter(ledger, s, opIndex, when, 'cloneGcRef');
  if (!rose(sc['writeGcRef'], bc['writeGcRef'], calls.writeGcRef, threw.writeGcRef)) failCallCounter(ledger, s, opIndex, when, 'writeGcRef');
  if (!rose(sc['dropGcRef'], bc['dropGcRef'], calls.dropGcRef, threw.dropGcRef)) failCallCounter(ledger, s, opIndex, when, 'dropGcRef');
  if (!rose(sc['exposeGcRefToWasm'], bc['exposeGcRefToWasm'], calls.exposeGcRefToWasm, threw.exposeGcRefToWasm)) failCallCounter(ledger, s, opIndex, when, 'exposeGcRefToWasm');
  if (s.collections - b.collections !== ledger.completedCollections) {
    failAccounting(opIndex, when, `collections to rise by the ${ledger.completedCollections} completed (from ${b.collections})`, `${s.collections}`);
  }
  for (let i = 0; i < ZERO_KEYS.length; i++) {
    const k = ZERO_KEYS[i]!;
    const v = sc[k];
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
  const semi = checkSemiSpaceAccounting(heap, b, s, ledger.completedCollections, bound)
    ?? checkAbandonedCount(heap, s, { started: ledger.startedSinceReset, completed: ledger.completedSinceReset, lastOpen: ledger.lastOpen, abandonedAtReset: ledger.abandonedAtReset });
  if (semi !== null) failAccounting(opIndex, when, semi[0], semi[1]);
  ledger.settle(s);
}


const ZERO_KEYS: readonly string[] = Object.keys(ZERO_COUNTERS);

/** A call counter rose from `was` to `now` by the `calls` that returned, plus at most the `threw` that threw. */
function rose(now: number | undefined, was: number | undefined, calls: number, threw: number): boolean {
  const rise = (now ?? NaN) - (was ?? NaN);
  return rise >= calls && rise <= calls + threw;
}

function failCallCounter(ledger: HeapCallLedger, s: HeapStats, opIndex: number, when: string | (() => string), k: CallCounter): never {
  const lo = ledger.calls[k];
  const hi = lo + ledger.threw[k];
  return failAccounting(opIndex, when, `counter ${k} to rise by the ${lo} calls made${hi > lo ? ` (up to ${hi} with those that threw)` : ''} from ${ledger.base.counters[k]}`, `${s.counters[k]}`);
}

function failAccounting(opIndex: number, when: string | (() => string), expected: string, actual: string): never {
  throw new OracleFailure('accounting', opIndex, expected, actual, typeof when === 'string' ? when : when());
}
