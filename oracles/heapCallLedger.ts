import type { GarbageCollection, GcHeap, GcProgress, HeapStats } from '../src/runtime/gcHeap';
import type { GcRef } from '../src/runtime/gcRef';
import type { GcRootsList } from '../src/runtime/gcRootsList';
import type { GcTypeRegistry, StorageType } from '../src/runtime/gcTypes';
import { arrayObjectSize, computeLayout } from '../src/runtime/gcLayout';
import { HeapMemory, HEAP_SIZE_ALIGN } from '../src/runtime/heapMemory';
import { bumpAccounting, type BumpAccounting } from './collectorPromise';

/** The barrier and allocation counters `GcHeapBase.stats().counters` keeps, by the key it reports them under. */
export const CALL_COUNTERS = ['allocs', 'cloneGcRef', 'writeGcRef', 'dropGcRef', 'exposeGcRefToWasm'] as const;
export type CallCounter = (typeof CALL_COUNTERS)[number];

/** What the heap was configured with (`GcHeapConfig`), as the store passed it. */
export interface HeapSizeConfig {
  readonly initialBytes: number;
  readonly maxBytes: number;
}

/**
 * Counts, from outside the collector, the runtime calls whose effects `HeapStats` reports, by
 * wrapping the heap's own public methods on the instance (every caller, store, runner or
 * interpreter, goes through them):
 *  - `allocs`: allocations that returned an object (allocExternref / allocStruct / allocArray / allocExn);
 *  - `cloneGcRef`, `dropGcRef`, `exposeGcRefToWasm`: calls that returned normally;
 *  - `writeGcRef`: writeGcRef calls plus stores into GC-ref fields and elements (structSet / exnSet /
 *    arraySet of a field whose storage the type registry traces as 'gc'): both run the write barrier;
 *  - completed collections: a collection returned by `gc()` counts once, when its `collect()`
 *    returns or an increment first answers 'complete';
 *  - growth: the bound may change only inside `grow`; a growth that reports success must raise
 *    the bound by at least the bytes asked (`GcHeap.grow`: "by at least `bytes`"; a copying heap's
 *    capacity is its active semi-space, which takes the new size only at the next flip), a refused
 *    one changes neither bound nor capacity.
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

  /** Wrap `heap`'s methods (before any use of it, so the counts start from its creation). */
  static install(heap: GcHeap, types: GcTypeRegistry, config: HeapSizeConfig): HeapCallLedger {
    const ledger = new HeapCallLedger(heap, types, config);
    ledger.wrap();
    return ledger;
  }

  private wrap(): void {
    const h = this.heap;
    const calls = this.calls;
    const allocated = (ref: GcRef | null, size: () => number): GcRef | null => {
      this.quiet = false;
      if (ref === null) return null;
      calls.allocs++;
      this.allocatedObjects++;
      if (this.allocatedBytes !== null) this.allocatedBytes += this.roundSize(size());
      return ref;
    };
    const allocExternref = h.allocExternref.bind(h);
    h.allocExternref = (id) => allocated(allocExternref(id), () => this.accounting!.headerSize + 4);
    const allocStruct = h.allocStruct.bind(h);
    h.allocStruct = (t) => allocated(allocStruct(t), () => this.structSize(t));
    const allocExn = h.allocExn.bind(h);
    h.allocExn = (t) => allocated(allocExn(t), () => this.structSize(t));
    const allocArray = h.allocArray.bind(h);
    h.allocArray = (t, n) => allocated(allocArray(t, n), () => this.arraySize(t, n));

    /** Run `call`; count it under `k` when it returns (and `counts()` says it is such a call), as uncertain when it throws. */
    const counted = <T>(k: CallCounter, call: () => T, counts: () => boolean = () => true): T => {
      let out: T;
      this.quiet = false;
      try {
        out = call();
      } catch (e) {
        this.threw[k]++;
        throw e;
      }
      if (counts()) calls[k]++;
      return out;
    };
    const clone = h.cloneGcRef.bind(h);
    h.cloneGcRef = (r) => counted('cloneGcRef', () => clone(r));
    const write = h.writeGcRef.bind(h);
    h.writeGcRef = (hd, slots, i, src) => counted('writeGcRef', () => write(hd, slots, i, src));
    const drop = h.dropGcRef.bind(h);
    h.dropGcRef = (hd, r) => counted('dropGcRef', () => drop(hd, r));
    const expose = h.exposeGcRefToWasm.bind(h);
    h.exposeGcRefToWasm = (r) => counted('exposeGcRefToWasm', () => expose(r));

    const structSet = h.structSet.bind(h);
    h.structSet = (hd, ref, field, value) => counted('writeGcRef', () => structSet(hd, ref, field, value), () => this.isRefField(ref, field));
    const exnSet = h.exnSet.bind(h);
    h.exnSet = (hd, ref, field, value) => counted('writeGcRef', () => exnSet(hd, ref, field, value), () => this.isRefField(ref, field));
    const arraySet = h.arraySet.bind(h);
    h.arraySet = (hd, ref, i, value) => counted('writeGcRef', () => arraySet(hd, ref, i, value), () => this.isRefField(ref, -1));

    const gc = h.gc.bind(h);
    h.gc = (roots, hostData) => {
      this.quiet = false;
      this.onCollectionStart?.(roots);
      return this.countCompletion(gc(roots, hostData));
    };
    const grow = h.grow.bind(h);
    h.grow = (bytes) => { this.quiet = false; return this.checkedGrow(grow, bytes); };
    const reset = h.reset.bind(h);
    h.reset = () => { this.quiet = false; reset(); this.rebase(); };
  }

  /** Start counting afresh from the heap's current stats (after `reset`: the heap is as if new). */
  rebase(): void {
    this.settle(this.heap.stats());
    this.allocatedObjects = 0;
    this.objectsAtStart = this.base.objectCount;
    this.bound = this.heap.vmctxGcHeapBound();
    this.allocatedBytes = this.accounting === null ? null : 0;
  }

  /** After a check: the next one counts from `stats`. */
  settle(stats: HeapStats): void {
    for (const k of CALL_COUNTERS) this.calls[k] = this.threw[k] = 0;
    this.completedCollections = 0;
    this.base = stats;
    this.quiet = true;
  }

  private countCompletion(inner: GarbageCollection): GarbageCollection {
    let done = false;
    const complete = (): void => {
      if (!done) { done = true; this.completedCollections++; }
    };
    const wrapped: GarbageCollection = {
      collectIncrement: (budget?: number): GcProgress => {
        this.quiet = false;
        const p = inner.collectIncrement(budget);
        if (p === 'complete') complete();
        return p;
      },
      collect: (): void => { this.quiet = false; inner.collect(); complete(); },
    };
    if (inner.markSlice !== undefined) wrapped.markSlice = (budget: number): void => { this.quiet = false; inner.markSlice!(budget); };
    return wrapped;
  }

  private checkedGrow(grow: (bytes: number) => boolean, bytes: number): boolean {
    const before = this.heap.stats().capacityBytes;
    const boundBefore = this.heap.vmctxGcHeapBound();
    const ok = grow(bytes);
    const after = this.heap.stats().capacityBytes;
    const bound = this.heap.vmctxGcHeapBound();
    if (ok && bound - boundBefore < bytes && bytes <= this.config.maxBytes - boundBefore) this.faults.push(`grow(${bytes}) reported success but the bound went ${boundBefore} -> ${bound}`);
    if (!ok && (after !== before || bound !== boundBefore)) this.faults.push(`grow(${bytes}) reported failure but capacity went ${before} -> ${after}, bound ${boundBefore} -> ${bound}`);
    if (bound > this.config.maxBytes) this.faults.push(`grow(${bytes}) took the bound to ${bound}, past the configured maximum ${this.config.maxBytes}`);
    this.bound = bound;
    return ok;
  }

  /** Whether field `field` (-1: the element) of the object at `ref` holds a traced GC ref. */
  private isRefField(ref: GcRef, field: number): boolean {
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
