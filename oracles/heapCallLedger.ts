import type { GarbageCollection, GcHeap, GcProgress, HeapStats } from '../src/runtime/gcHeap';
import type { GcRef } from '../src/runtime/gcRef';
import type { GcRootsList } from '../src/runtime/gcRootsList';
import type { GcTypeRegistry, StorageType } from '../src/runtime/gcTypes';
import { arrayObjectSize, computeLayout } from '../src/runtime/gcLayout';
import { HeapMemory, HEAP_SIZE_ALIGN } from '../src/runtime/heapMemory';
import { bumpAccounting, type BumpAccounting } from './collectorPromise';
import { ledgerHeapCalls } from './ledgerHeapCalls';
import { checkCopyingSliceBudget, copyingSliceStart, type CopyingSliceStart } from './checkCopyingSliceBudget';
import { checkSemiSpaceGrowth } from './checkSemiSpaceAccounting';
import { beyondMaximum } from './beyondMaximum';

/** The barrier and allocation counters `GcHeapBase.stats().counters` keeps, by the key it reports them under. */
export const CALL_COUNTERS = ['allocs', 'cloneGcRef', 'writeGcRef', 'dropGcRef', 'exposeGcRefToWasm'] as const;
export type CallCounter = (typeof CALL_COUNTERS)[number];

/** What the heap was configured with (`GcHeapConfig`), as the store passed it. */
export interface HeapSizeConfig {
  readonly initialBytes: number;
  readonly maxBytes: number;
  /** The store's `incrementBudget` (a copying heap's units per slice; absent: the collector's default). */
  readonly incrementBudget?: number;
}

/**
 * Counts, from outside the collector, the runtime calls whose effects `HeapStats` reports, by
 * routing the heap's own public methods through counting ones (`ledgerHeapCalls`; every caller,
 * store, runner or interpreter, goes through them):
 *  - `allocs`: allocations that returned an object (allocExternref / allocStruct / allocArray / allocExn);
 *  - `cloneGcRef`, `dropGcRef`, `exposeGcRefToWasm`: calls that returned normally;
 *  - `writeGcRef`: writeGcRef calls plus stores into GC-ref fields and elements (structSet / exnSet /
 *    arraySet of a field whose storage the type registry traces as 'gc'): both run the write barrier;
 *  - completed collections: a collection returned by `gc()` counts once, when its `collect()`
 *    returns or an increment first answers 'complete'; a copying one must then have taken the
 *    slices its increment budget gives for the roots it was handed and the objects it copied
 *    (`checkCopyingSliceBudget`);
 *  - growth: the bound may change only inside `grow`; a growth that reports success must raise
 *    the bound by at least the bytes asked (`GcHeap.grow`: "by at least `bytes`"; a copying heap's
 *    capacity is its active semi-space: the lower one takes the new size at once, an upper one
 *    only at the next flip, `checkSemiSpaceGrowth`), a refused one changes neither bound nor
 *    capacity.
 *  - a null answer ("collect and retry") to an array request is never one for an array no heap up
 *    to the maximum can hold (`beyondMaximum`): that one is out of memory at once.
 * `reset` re-bases everything (the heap is as if fresh). Violations seen inside a wrapped call are
 * kept in `faults` (an oracle must not throw from inside the runtime) for `checkHeapAccounting`.
 */
export class HeapCallLedger {
  /** Calls since `base` that returned normally. */
  readonly calls: Record<CallCounter, number> = { allocs: 0, cloneGcRef: 0, writeGcRef: 0, dropGcRef: 0, exposeGcRefToWasm: 0 };
  /** Calls since `base` that threw (a typed error on a bad argument): the counter may or may not have counted them. */
  readonly threw: Record<CallCounter, number> = { allocs: 0, cloneGcRef: 0, writeGcRef: 0, dropGcRef: 0, exposeGcRefToWasm: 0 };
  /** Collections completed since `base`. */
  completedCollections = 0;
  /** Collections `gc()` started, and those that completed, since creation or reset; whether the last one started has not completed. */
  startedSinceReset = 0;
  completedSinceReset = 0;
  lastOpen = false;
  /** The heap's `abandoned` counter (copying) at creation or reset, or undefined. */
  abandonedAtReset: number | undefined;
  /** @internal The collection `gc()` returned last. */
  lastCollection: GarbageCollection | null = null;
  /** Sum of the sizes the collector's bump accounting promises for every allocation since creation or reset (null: no such promise). */
  allocatedBytes: number | null;
  /** Objects allocated since creation or reset. */
  allocatedObjects = 0;
  /** The heap's objectCount at creation or reset. */
  objectsAtStart: number;
  /** The heap's stats when counting last (re)started: creation, reset, or the last check (`settle`). */
  base: HeapStats;
  /** The bound growth last left the heap with. */
  bound: number;
  readonly faults: string[] = [];
  /**
   * No wrapped heap call since the last `settle`: the heap's stats cannot have moved (a heap acts
   * only when called; a change made during an unwrapped read shows at the next check), so the
   * accounting oracle may skip that check.
   */
  quiet = true;
  /** Called with the roots list each time the heap starts a collection (the roots oracle hooks in here). */
  onCollectionStart: ((roots: GcRootsList) => void) | null = null;
  readonly accounting: BumpAccounting | null;

  private constructor(
    readonly heap: GcHeap,
    private readonly types: GcTypeRegistry,
    readonly config: HeapSizeConfig,
  ) {
    this.accounting = bumpAccounting(heap);
    this.base = heap.stats();
    this.bound = heap.vmctxGcHeapBound();
    this.allocatedBytes = this.accounting === null ? null : 0;
    this.objectsAtStart = this.base.objectCount;
    this.abandonedAtReset = this.base.counters['abandoned'];
    this.checkInitialBound();
  }

  /**
   * A heap starts with the capacity it was configured with: a bound of at least the initial bytes
   * (when they fit the maximum); a HeapMemory heap exactly those bytes rounded up to HEAP_SIZE_ALIGN,
   * at least four granules (heapMemory.ts).
   */
  private checkInitialBound(): void {
    const { initialBytes, maxBytes } = this.config;
    if (initialBytes > maxBytes) return;
    const want = this.heap instanceof HeapMemory ? Math.max(4 * HEAP_SIZE_ALIGN, Math.ceil(initialBytes / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN) : null;
    if (this.bound < initialBytes || (want !== null && this.bound !== want)) {
      this.faults.push(`the heap started with bound ${this.bound}, configured with ${initialBytes} initial bytes${want !== null ? ` (expected ${want})` : ''}`);
    }
  }

  /** Count `heap`'s calls from now on (install before any use of it, so the counts start from its creation): see `ledgerHeapCalls`. */
  static install(heap: GcHeap, types: GcTypeRegistry, config: HeapSizeConfig): HeapCallLedger {
    const ledger = new HeapCallLedger(heap, types, config);
    ledgerHeapCalls(heap, ledger);
    return ledger;
  }

  /** @internal An allocation call returned `ref` (null: out of memory; not counted). */
  allocated(ref: GcRef | null, kind: 'extern' | 'struct' | 'array', type: number, length: number): GcRef | null {
    if (ref === null) {
      const beyond = kind === 'array' ? beyondMaximum(this.heap, this.types, type, length, this.config.maxBytes) : null;
      if (beyond !== null) this.faults.push(`allocArray answered null (collect and retry) for ${beyond}: no collection or growth can help, so it must throw out of memory`);
      return null;
    }
    this.calls.allocs++;
    this.allocatedObjects++;
    if (this.allocatedBytes !== null) {
      const size = kind === 'extern' ? this.accounting!.headerSize + 4 : kind === 'struct' ? this.structSize(type) : this.arraySize(type, length);
      this.allocatedBytes += this.roundSize(size);
    }
    return ref;
  }

  /** @internal A counted call threw `e` (a typed error on a bad argument): the counter may or may not have counted it. Returns `e`. */
  threwOn(k: CallCounter, e: unknown): unknown {
    this.threw[k]++;
    return e;
  }

  /** Start counting afresh from the heap's current stats (after `reset`: the heap is as if new). */
  rebase(): void {
    this.settle(this.heap.stats());
    this.allocatedObjects = 0;
    this.objectsAtStart = this.base.objectCount;
    this.bound = this.heap.vmctxGcHeapBound();
    this.allocatedBytes = this.accounting === null ? null : 0;
    this.startedSinceReset = this.completedSinceReset = 0;
    this.lastOpen = false;
    this.lastCollection = null;
    this.abandonedAtReset = this.base.counters['abandoned'];
  }

  /** After a check: the next one counts from `stats`. */
  settle(stats: HeapStats): void {
    // Constant keys: this runs after every op that called the heap, and a key from a list is a keyed store per counter.
    const c = this.calls;
    const t = this.threw;
    c.allocs = c.cloneGcRef = c.writeGcRef = c.dropGcRef = c.exposeGcRefToWasm = 0;
    t.allocs = t.cloneGcRef = t.writeGcRef = t.dropGcRef = t.exposeGcRefToWasm = 0;
    this.completedCollections = 0;
    this.base = stats;
    this.quiet = true;
  }

  /** @internal The collection `gc()` returned for `roots` roots, counted once when it completes. */
  countCompletion(inner: GarbageCollection, roots: number): GarbageCollection {
    this.startedSinceReset++;
    this.lastOpen = true;
    const c = new CountedCollection(this, inner, copyingSliceStart(this.heap, roots));
    this.lastCollection = c;
    return c;
  }

  /** @internal `grow(bytes)`, checked against GcHeap.grow's promise (faults are kept for the oracle). */
  checkedGrow(grow: (bytes: number) => boolean, bytes: number): boolean {
    const statsBefore = this.heap.stats();
    const before = statsBefore.capacityBytes;
    const boundBefore = this.heap.vmctxGcHeapBound();
    const ok = grow(bytes);
    const statsAfter = this.heap.stats();
    const after = statsAfter.capacityBytes;
    const bound = this.heap.vmctxGcHeapBound();
    const semi = ok ? checkSemiSpaceGrowth(this.heap, statsBefore, statsAfter) : null;
    if (semi !== null) this.faults.push(`grow(${bytes}): ${semi}`);
    if (ok && bound - boundBefore < bytes && bytes <= this.config.maxBytes - boundBefore) this.faults.push(`grow(${bytes}) reported success but the bound went ${boundBefore} -> ${bound}`);
    if (!ok && (after !== before || bound !== boundBefore)) this.faults.push(`grow(${bytes}) reported failure but capacity went ${before} -> ${after}, bound ${boundBefore} -> ${bound}`);
    if (bound > this.config.maxBytes) this.faults.push(`grow(${bytes}) took the bound to ${bound}, past the configured maximum ${this.config.maxBytes}`);
    this.bound = bound;
    return ok;
  }

  /** @internal Whether field `field` (-1: the element) of the object at `ref` holds a traced GC ref. */
  isRefField(ref: GcRef, field: number): boolean {
    const t = this.types.get(this.heap.headerType(ref));
    let s: StorageType;
    if (t.kind === 'struct') s = t.fields[field]!.storage;
    else if (t.kind === 'array') s = t.element.storage;
    else return false;
    return this.types.traceKind(s) === 'gc';
  }

  private structSize(t: number): number {
    const l = computeLayout(this.types, t, this.accounting!.headerSize);
    return l.kind === 'struct' ? l.size : 0;
  }

  private arraySize(t: number, n: number): number {
    const l = computeLayout(this.types, t, this.accounting!.headerSize);
    return l.kind === 'array' ? arrayObjectSize(l, n) : 0;
  }

  private roundSize(size: number): number {
    const a = this.accounting!;
    const s = Math.max(size, a.minObjectSize);
    return Math.ceil(s / a.align) * a.align;
  }
}

/** A collection as the ledger hands it out: the collector's own, counted once when it completes. */
class CountedCollection implements GarbageCollection {
  private done = false;
  readonly markSlice?: (budget: number) => void;

  constructor(
    private readonly ledger: HeapCallLedger,
    private readonly inner: GarbageCollection,
    /** A copying collection's counters at its start (the slice-budget check), or null. */
    private readonly sliceStart: CopyingSliceStart | null,
  ) {
    if (inner.markSlice !== undefined) {
      this.markSlice = (budget: number): void => {
        ledger.quiet = false;
        inner.markSlice!(budget);
      };
    }
  }

  collectIncrement(budget?: number): GcProgress {
    this.ledger.quiet = false;
    const p = this.inner.collectIncrement(budget);
    if (p === 'complete') this.complete();
    return p;
  }

  collect(): void {
    this.ledger.quiet = false;
    this.inner.collect();
    this.complete();
  }

  private complete(): void {
    if (this.done) return;
    this.done = true;
    const l = this.ledger;
    l.completedCollections++;
    l.completedSinceReset++;
    // Only the last collection started can still be open: an earlier one ended when the next began.
    if (l.lastCollection === this) l.lastOpen = false;
    const f = this.sliceStart === null ? null : checkCopyingSliceBudget(l.heap, this.sliceStart, l.config.incrementBudget);
    if (f !== null) l.faults.push(`slice budget: expected ${f[0]}, got ${f[1]}`);
  }
}
