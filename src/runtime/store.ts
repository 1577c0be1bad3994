import { InvariantError } from '../errors/InvariantError';
import { OutOfMemoryError } from '../errors/OutOfMemoryError';
import { ExternRefHostDataTable } from './externRefHostDataTable';
import type { GarbageCollection, GcHeap, GcProgress, GcRuntime, IncrementalZeal } from './gcHeap';
import { arrayObjectSize, computeLayout } from './gcLayout';
import type { GcRef } from './gcRef';
import { GcRootsList, tagSlots } from './gcRootsList';
import { GcTypeRegistry } from './gcTypes';

export interface StoreConfig {
  collector: GcRuntime;
  /** Default 64 KiB. */
  initialHeapBytes?: number;
  /** Default 16 MiB. */
  maxHeapBytes?: number;
  /** Wasmtime's gc_zeal: collect every N allocations, poison freed memory, integrity checks. */
  zeal?: { gcEveryNAllocs?: number; poison?: boolean; checks?: boolean };
  /** Copying: objects per `collectIncrement` slice. */
  incrementBudget?: number;
  /** Shared registry; default: a new one. */
  types?: GcTypeRegistry;
  /**
   * Incremental zeal (`IncrementalZeal`) for collectors whose mutator runs between increments;
   * default the collector's own `incrementalZeal`, null for none. Ignored for other collectors.
   */
  incrementalZeal?: IncrementalZeal | null;
  /** DRC: lowest stack-roots list length for the entering-Wasm trigger (`GcHeapConfig.stackRootsTriggerFloor`). */
  stackRootsTriggerFloor?: number;
}

/**
 * Why the store started each collection, over its life: allocation failure (`allocation`), the
 * every-N-allocations zeal (`zeal`), the DRC stack-roots list on entering Wasm (`enterWasm`), the
 * incremental zeal (`incrementalZeal`), the `gc_step` host import (`gcStep`), and the host's own
 * requests (`explicit`: `gc`, `startGc`, `openIncremental`). `sliced` counts `gcStep` calls that
 * returned with their collection still open; `dropped` collections abandoned midway (zeal or
 * `dropIncremental`). Benchmarks report these per 1,000 cases to show each trigger is reached.
 */
export interface GcTriggerCounts {
  allocation: number;
  zeal: number;
  enterWasm: number;
  incrementalZeal: number;
  gcStep: number;
  explicit: number;
  sliced: number;
  dropped: number;
}

/** All-zero trigger counts (to sum several stores' `gcTriggerCounts` into). */
export function zeroGcTriggerCounts(): GcTriggerCounts {
  return { allocation: 0, zeal: 0, enterWasm: 0, incrementalZeal: 0, gcStep: 0, explicit: 0, sliced: 0, dropped: 0 };
}

/**
 * A host root. 'scoped' is Wasmtime's `Rooted` (LIFO, dropped when its scope exits), 'owned' its
 * `OwnedRooted` (dropped explicitly). `gen` makes a handle stale once its slot is dropped or reused.
 */
export type Handle = { readonly kind: 'scoped' | 'owned'; readonly index: number; readonly gen: number };

const DEFAULT_INITIAL = 64 * 1024;
const DEFAULT_MAX = 16 * 1024 * 1024;
/** Upper bound of any collector's header, for the request-size estimate of the growth policy. */
const MAX_HEADER = 24;
/** How much `requestBytes` may exceed the block it estimates: the largest header and 2 x 16 bytes. */
const REQUEST_SLACK = MAX_HEADER + 2 * 16;

const ALLOC_EXTERN = 0;
const ALLOC_STRUCT = 1;
const ALLOC_ARRAY = 2;
const ALLOC_EXN = 3;

function isHeapRef(r: number): boolean {
  return r !== 0 && (r & 1) === 0;
}

/**
 * `wasmtime::Store`'s GC side: one heap, its externref host-data table, host handles (each slot
 * owns one count) and root providers, and the policy of when to collect (allocation failure,
 * explicit `gc`, the DRC stack-roots trigger on entering Wasm, zeal). The store never keeps a raw
 * ref across a collection outside a rooted slot, so moving collectors can rewrite every ref it
 * holds through `GcRoot.set`.
 */
export class Store {
  readonly collector: GcRuntime;
  readonly types: GcTypeRegistry;
  readonly heap: GcHeap;
  readonly hostData: ExternRefHostDataTable;
  /** Called after every completed collection (oracles hook in here). */
  onGcComplete?: () => void;

  private readonly scopedSlots: GcRef[] = tagSlots([], 'handle');
  /** Generation of each scoped slot; 0 = dropped individually (a hole until its scope exits). */
  private readonly scopedGens: number[] = [];
  /** Per open scope: the scoped-slot count when it was entered. */
  private readonly scopeStarts: number[] = [];
  private readonly ownedSlots: GcRef[] = tagSlots([], 'handle');
  /** Generation of each owned slot; 0 = free. */
  private readonly ownedGens: number[] = [];
  private readonly ownedFree: number[] = [];
  private nextGen = 1;
  private readonly providers: ((roots: GcRootsList) => void)[] = [];
  private readonly rootsList = new GcRootsList((l) => this.enumerateRoots(l));
  private completed = 0;
  private usageAfterLastGc = 0;
  private allocsSinceZealGc = 0;
  private readonly gcEveryNAllocs: number;
  private readonly izeal: IncrementalZeal | null;
  /** The collection the incremental zeal or `gcStep` opened, while it is open. */
  private openGc: StoreCollection | null = null;
  private zealCount = 0;
  private zealRng = 0;
  private inZeal = false;
  private zealCycles = 0;
  private readonly triggers = zeroGcTriggerCounts();
  /** Fault-injection seam (`GcRuntime.storeFaults`): the zeal resets its count without collecting. */
  private readonly skipsZealGc: boolean;
  /** Fault-injection seam (`GcRuntime.storeFaults`): entering Wasm ignores the heap's "collect first". */
  private readonly skipsEnterWasmGc: boolean;

  constructor(config: StoreConfig) {
    this.collector = config.collector;
    this.types = config.types ?? new GcTypeRegistry();
    this.hostData = config.collector.newHostDataTable?.() ?? new ExternRefHostDataTable();
    const n = config.zeal?.gcEveryNAllocs ?? 0;
    if (!Number.isInteger(n) || n < 0) throw new InvariantError('store config', `gcEveryNAllocs ${n}`);
    this.gcEveryNAllocs = n;
    this.skipsZealGc = config.collector.storeFaults?.skipZealGc === true;
    this.skipsEnterWasmGc = config.collector.storeFaults?.skipEnterWasmGc === true;
    this.heap = config.collector.newGcHeap({
      types: this.types,
      initialBytes: config.initialHeapBytes ?? DEFAULT_INITIAL,
      maxBytes: config.maxHeapBytes ?? DEFAULT_MAX,
      zeal: { poison: config.zeal?.poison ?? false, checks: config.zeal?.checks ?? false },
      ...(config.incrementBudget !== undefined ? { incrementBudget: config.incrementBudget } : {}),
      ...(config.stackRootsTriggerFloor !== undefined ? { stackRootsTriggerFloor: config.stackRootsTriggerFloor } : {}),
    });
    const iz = config.incrementalZeal === undefined ? (config.collector.incrementalZeal ?? null) : config.incrementalZeal;
    this.izeal = iz !== null && config.collector.mutatorRunsBetweenIncrements === true && iz.every > 0 ? iz : null;
    if (config.collector.storeFaults?.skipIncrementalZeal === true) this.izeal = null; // fault-injection seam (GcRuntime.storeFaults)
    if (this.izeal !== null) {
      if (!Number.isInteger(this.izeal.every) || !Number.isInteger(this.izeal.maxBudget) || this.izeal.maxBudget < 1) {
        throw new InvariantError('store config', `incrementalZeal ${JSON.stringify(this.izeal)}`);
      }
      this.zealRng = this.izeal.seed >>> 0 || 1;
      this.heap.setBarrierListener?.(() => this.zealTick(false));
    }
  }

  /** Collections the incremental zeal opened and that completed with the mutator running between their slices. */
  get incrementalCycles(): number {
    return this.zealCycles;
  }

  /** A copy of the per-trigger collection counts (`GcTriggerCounts`). */
  get gcTriggerCounts(): GcTriggerCounts {
    return { ...this.triggers };
  }

  /** One of `gcTriggerCounts`, without copying them all (oracles read it around every store call). */
  gcTriggerCount(trigger: keyof GcTriggerCounts): number {
    return this.triggers[trigger];
  }

  /**
   * Incremental zeal: every `every` allocations or barrier calls, open a collection (at an
   * allocation, outside no-GC scopes) or run a slice of the open one with a budget from a seeded
   * xorshift. At barrier calls and inside no-GC scopes the slice only marks (the caller may hold
   * raw refs there); at an allocation, a GC point, it may complete (sweep) the collection, or, one
   * time in eight, drop it midway (the heap then discards it at the next collection).
   */
  private zealTick(atAllocation: boolean): void {
    const z = this.izeal!;
    if (this.inZeal || ++this.zealCount < z.every) return;
    this.zealCount = 0;
    this.inZeal = true;
    try {
      const canFinish = atAllocation && this.heap.noGcScopeDepth === 0;
      if (this.openGc === null) {
        if (canFinish) {
          this.openGc = new StoreCollection(this, this.beginGc(), false);
          this.triggers.incrementalZeal++;
        }
        return;
      }
      const r = this.nextZealRandom();
      const budget = 1 + (r % z.maxBudget);
      if (!canFinish) this.openGc.markSlice(budget);
      else if ((r >>> 8) % 8 === 0) {
        this.openGc = null;
        this.triggers.dropped++;
      }
      else if (this.openGc.collectIncrement(budget) === 'complete') {
        this.openGc = null;
        this.zealCycles++;
      }
    } catch (e) {
      this.openGc = null; // a slice that throws leaves its collection discarded
      throw e;
    } finally {
      this.inZeal = false;
    }
  }

  private nextZealRandom(): number {
    let x = this.zealRng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.zealRng = x >>> 0;
    return this.zealRng;
  }

  /**
   * Advance the store's open incremental collection by one slice of `budget` objects, opening one
   * first when none is open (the Wasm `gc_step` host import). True when the slice completed it.
   * A host call is a GC point, so the slice may sweep. Collectors whose mutator may not run between
   * increments get a full collection. InvariantError inside a no-GC scope.
   */
  gcStep(budget: number): boolean {
    if (this.collector.mutatorRunsBetweenIncrements !== true) {
      this.triggers.gcStep++;
      this.fullGc();
      return true;
    }
    if (this.heap.noGcScopeDepth > 0) throw new InvariantError('no-GC scope', `gcStep at no-GC depth ${this.heap.noGcScopeDepth}`);
    if (this.openGc === null) {
      this.openGc = new StoreCollection(this, this.beginGc(), false);
      this.triggers.gcStep++;
    }
    let done: boolean;
    try {
      done = this.openGc.collectIncrement(budget) === 'complete';
    } catch (e) {
      this.openGc = null;
      throw e;
    }
    if (!done) {
      this.triggers.sliced++;
      return false;
    }
    this.openGc = null;
    this.zealCycles++;
    return true;
  }

  // --- Explicit incremental collections (the op streams' gcStart/gcSlice/gcFinish/gcDrop) ---------

  /** Whether the store holds an open incremental collection (explicit, `gcStep`'s or the zeal's). */
  get incrementalOpen(): boolean {
    return this.openGc !== null;
  }

  /**
   * Open an incremental collection the mutator keeps running beside, unless one is open already.
   * A collection may not start inside a no-GC scope (InvariantError, on every collector). False,
   * opening nothing, when the collector's mutator may not run between increments.
   */
  openIncremental(): boolean {
    if (this.heap.noGcScopeDepth > 0) throw new InvariantError('no-GC scope', `incremental start at no-GC depth ${this.heap.noGcScopeDepth}`);
    if (this.collector.mutatorRunsBetweenIncrements !== true) return false;
    if (this.openGc === null) {
      this.openGc = new StoreCollection(this, this.beginGc(), false);
      this.triggers.explicit++;
    }
    return true;
  }

  /**
   * One slice of `budget` of the open incremental collection, if one is open: marking only inside
   * a no-GC scope (the caller may hold raw refs), else a slice that may complete it (sweep).
   */
  sliceIncremental(budget: number): void {
    const open = this.openGc;
    if (open === null) return;
    try {
      if (this.heap.noGcScopeDepth > 0) open.markSlice(budget);
      else if (open.collectIncrement(budget) === 'complete') {
        this.openGc = null;
        this.zealCycles++;
      }
    } catch (e) {
      this.openGc = null; // a slice that throws leaves its collection discarded
      throw e;
    }
  }

  /** Finish the open incremental collection (a GC point: InvariantError inside a no-GC scope). False when none was open. */
  finishIncremental(): boolean {
    if (this.heap.noGcScopeDepth > 0) throw new InvariantError('no-GC scope', `incremental finish at no-GC depth ${this.heap.noGcScopeDepth}`);
    if (this.openGc === null) return false;
    this.finishZealGc();
    return true;
  }

  /** Drop the open incremental collection midway; the heap discards it (and its marks) at the next collection. */
  dropIncremental(): void {
    if (this.openGc !== null) this.triggers.dropped++;
    this.openGc = null;
  }

  /** Before a collection the store asks for: finish the one the zeal left open (a full request finishes it, as engines do). */
  private finishZealGc(): void {
    const open = this.openGc;
    if (open === null) return;
    this.openGc = null;
    open.collect();
    this.zealCycles++;
  }

  /** Completed collections, whatever triggered them, over the store's life. */
  get collections(): number {
    return this.completed;
  }

  // --- Host handles ------------------------------------------------------------------------------

  /**
   * Open a scope (Wasmtime `RootScope`). The mark is the scope's nesting depth, so two scopes
   * opened back to back have different marks and a LIFO violation is always caught.
   */
  enterScope(): number {
    this.scopeStarts.push(this.scopedSlots.length);
    return this.scopeStarts.length - 1;
  }

  /** Drop every scoped handle created since `mark`, newest first; `mark` must be the innermost scope. */
  exitScope(mark: number): void {
    const depth = this.scopeStarts.length - 1;
    if (mark !== depth) throw new InvariantError('root scope LIFO', `exitScope(${mark}) but the innermost scope is ${depth < 0 ? 'none' : depth}`);
    const start = this.scopeStarts.pop()!;
    const slots = this.scopedSlots;
    while (slots.length > start) {
      const i = slots.length - 1;
      const r = slots[i]!;
      const live = this.scopedGens[i] !== 0;
      slots.length = i;
      this.scopedGens.length = i;
      if (live) this.heap.dropGcRef(this.hostData, r);
    }
  }

  /**
   * Root an owned ref: its count moves into the new handle's slot. Scoped handles belong to the
   * innermost open scope (outside any scope: to the store's base scope, dropped only by `drop`
   * or `reset`); owned handles live until `drop`.
   */
  root(ref: GcRef, owned = false): Handle {
    const gen = this.nextGen++;
    if (owned) {
      const index = this.ownedFree.length > 0 ? this.ownedFree.pop()! : this.ownedSlots.length;
      this.ownedSlots[index] = ref;
      this.ownedGens[index] = gen;
      return { kind: 'owned', index, gen };
    }
    const index = this.scopedSlots.length;
    this.scopedSlots.push(ref);
    this.scopedGens.push(gen);
    return { kind: 'scoped', index, gen };
  }

  /** The handle's current ref (borrowed). Stale or dropped handles raise InvariantError. */
  get(h: Handle): GcRef {
    if (h.kind === 'scoped') {
      if (this.scopedGens[h.index] !== h.gen) throw this.stale(h);
      return this.scopedSlots[h.index]!;
    }
    if (this.ownedGens[h.index] !== h.gen) throw this.stale(h);
    return this.ownedSlots[h.index]!;
  }

  /** Store a borrowed `ref` into the handle's slot through the write barrier. */
  set(h: Handle, ref: GcRef): void {
    if (h.kind === 'scoped') {
      if (this.scopedGens[h.index] !== h.gen) throw this.stale(h);
      this.heap.writeGcRef(this.hostData, this.scopedSlots, h.index, ref);
    } else {
      if (this.ownedGens[h.index] !== h.gen) throw this.stale(h);
      this.heap.writeGcRef(this.hostData, this.ownedSlots, h.index, ref);
    }
  }

  /** A new handle to the same object, with its own count (the read barrier `cloneGcRef`). */
  clone(h: Handle, owned = false): Handle {
    const r = this.get(h);
    this.heap.cloneGcRef(r);
    return this.root(r, owned);
  }

  /** Unroot: release the slot's count (`dropGcRef`). Scoped handles may be dropped before their scope exits. */
  drop(h: Handle): void {
    const r = this.get(h);
    if (h.kind === 'scoped') {
      this.scopedGens[h.index] = 0;
      this.scopedSlots[h.index] = 0;
      const floor = this.scopeStarts[this.scopeStarts.length - 1] ?? 0;
      while (this.scopedSlots.length > floor && this.scopedGens[this.scopedSlots.length - 1] === 0) {
        this.scopedSlots.length--;
        this.scopedGens.length--;
      }
    } else {
      this.ownedGens[h.index] = 0;
      this.ownedSlots[h.index] = 0;
      this.ownedFree.push(h.index);
    }
    this.heap.dropGcRef(this.hostData, r);
  }

  /** Every live handle: scoped in creation order, then owned by slot. */
  liveHandles(): Handle[] {
    const out: Handle[] = [];
    for (let i = 0; i < this.scopedGens.length; i++) {
      const gen = this.scopedGens[i]!;
      if (gen !== 0) out.push({ kind: 'scoped', index: i, gen });
    }
    for (let i = 0; i < this.ownedGens.length; i++) {
      const gen = this.ownedGens[i];
      if (gen !== undefined && gen !== 0) out.push({ kind: 'owned', index: i, gen });
    }
    return out;
  }

  private stale(h: Handle): InvariantError {
    return new InvariantError('stale handle', `${h.kind} handle ${h.index} gen ${h.gen}`);
  }

  // --- Allocation --------------------------------------------------------------------------------

  /** Seed `alloc_externref` with the store's retry policy; the host-data id is released again on failure. */
  allocExternref(hostValue: unknown): GcRef {
    const id = this.hostData.alloc(hostValue);
    try {
      return this.allocate(ALLOC_EXTERN, id, 0);
    } catch (e) {
      this.hostData.dealloc(id);
      throw e;
    }
  }

  allocStruct(typeIndex: number): GcRef {
    return this.allocate(ALLOC_STRUCT, typeIndex, 0);
  }

  allocArray(typeIndex: number, length: number): GcRef {
    return this.allocate(ALLOC_ARRAY, typeIndex, length);
  }

  /** An exception object laid out as registered struct type `layoutType` (field 0: tag identity, then the payload), every field zero. */
  allocExn(layoutType: number): GcRef {
    return this.allocate(ALLOC_EXN, layoutType, 0);
  }

  private tryAlloc(what: number, a: number, b: number): GcRef | null {
    if (what === ALLOC_STRUCT) return this.heap.allocStruct(a);
    if (what === ALLOC_EXN) return this.heap.allocExn(a);
    if (what === ALLOC_ARRAY) return this.heap.allocArray(a, b);
    return this.heap.allocExternref(a);
  }

  private allocate(what: number, a: number, b: number): GcRef {
    if (this.izeal !== null) this.zealTick(true);
    if (this.gcEveryNAllocs > 0 && ++this.allocsSinceZealGc >= this.gcEveryNAllocs && this.heap.noGcScopeDepth === 0) {
      this.allocsSinceZealGc = 0;
      if (!this.skipsZealGc) {
        this.triggers.zeal++;
        this.fullGc();
      }
    }
    const r = this.tryAlloc(what, a, b);
    return r !== null ? r : this.allocSlow(what, a, b);
  }

  /**
   * Wasmtime's policy on allocation failure: collect first when the usage after the last
   * collection plus the request is under half the capacity, otherwise grow first; retry after
   * each step; then keep growing (collecting in between) while the heap can grow. Inside a no-GC
   * scope only growth is tried.
   */
  private allocSlow(what: number, a: number, b: number): GcRef {
    const request = this.requestBytes(what, a, b);
    const canGc = this.heap.noGcScopeDepth === 0;
    let r: GcRef | null;
    if (canGc && this.usageAfterLastGc + request < this.heap.stats().capacityBytes / 2) {
      this.allocationGc();
      if ((r = this.tryAlloc(what, a, b)) !== null) return r;
    }
    while (this.growFor(request)) {
      if ((r = this.tryAlloc(what, a, b)) !== null) return r;
      if (canGc) {
        this.allocationGc();
        if ((r = this.tryAlloc(what, a, b)) !== null) return r;
      }
    }
    if (canGc) {
      this.allocationGc();
      if ((r = this.tryAlloc(what, a, b)) !== null) return r;
    }
    throw new OutOfMemoryError(request);
  }

  private allocationGc(): void {
    this.triggers.allocation++;
    this.fullGc();
  }

  /**
   * Grow by the current capacity (doubling) or, failing that, by just the request, or, failing
   * that, by what the request lacks beyond the free capacity: near the maximum a whole request can
   * overshoot it although the heap could still make room (a copying heap grown to 2016 bytes a
   * semi-space, 4080 at most, failed a 2032-byte array on an empty heap).
   */
  private growFor(request: number): boolean {
    const s = this.heap.stats();
    const free = s.capacityBytes - s.usedBytes;
    return this.heap.grow(Math.max(s.capacityBytes, request)) || this.heap.grow(request) || (request > free && this.heap.grow(request - free)) || this.growWithinSlack(request - free);
  }

  /**
   * The last attempt, near the maximum: every attempt above asks for at least what the request's
   * estimate lacks, and the estimate counts the largest header and 32 bytes more than any block
   * (`requestBytes`), so a block that fits only the maximum itself was never grown to (an empty
   * DRC heap of 4096 bytes, maximum 65536, refused an i8 array of 65,492 elements, a 65,520-byte
   * block). Ask for 16 bytes less at a time, down to what the block itself may lack; heaps grow
   * in 16-byte units, so one of these asks is exactly the room left when that is enough.
   */
  private growWithinSlack(lack: number): boolean {
    for (let less = 16; less < REQUEST_SLACK + 16; less += 16) {
      if (lack - less > 0 && this.heap.grow(lack - less)) return true;
    }
    return false;
  }

  /** An upper estimate of an allocation's bytes (largest header), for the growth policy only. */
  private requestBytes(what: number, a: number, b: number): number {
    if (what === ALLOC_EXTERN) return 2 * MAX_HEADER;
    const layout = computeLayout(this.types, a, MAX_HEADER);
    const size = layout.kind === 'struct' ? layout.size : arrayObjectSize(layout, b);
    return size + 2 * 16;
  }

  // --- Roots and collection ----------------------------------------------------------------------

  /** Register a provider of non-handle roots (globals, tables, Wasm frames); returns its unregister function. */
  addRootProvider(provider: (roots: GcRootsList) => void): () => void {
    this.providers.push(provider);
    return () => {
      const i = this.providers.indexOf(provider);
      if (i >= 0) this.providers.splice(i, 1);
    };
  }

  private beginGc(): GarbageCollection {
    const roots = this.rootsList;
    roots.clear();
    this.enumerateRoots(roots);
    return this.heap.gc(roots, this.hostData);
  }

  /** Every root: live handles (scoped, then owned), then each provider's (globals, tables, frames). */
  private enumerateRoots(roots: GcRootsList): void {
    for (let i = 0; i < this.scopedSlots.length; i++) {
      if (this.scopedGens[i] !== 0 && isHeapRef(this.scopedSlots[i]!)) roots.addRoot(this.scopedSlots, i);
    }
    for (let i = 0; i < this.ownedSlots.length; i++) {
      if (this.ownedGens[i] !== 0 && isHeapRef(this.ownedSlots[i]!)) roots.addRoot(this.ownedSlots, i);
    }
    for (const p of this.providers) p(roots);
  }

  /**
   * @internal Bookkeeping after a completed collection. `exact` is false for a collection the
   * incremental zeal drove with the mutator running between slices: it may keep floating garbage,
   * so the `onGcComplete` oracles (which hold a collector to exact reclamation) wait for the next
   * full one; its marking oracles ran at its end of marking (`GcHeap.setMarkingVerifier`).
   */
  finishGc(exact = true): void {
    this.completed++;
    this.usageAfterLastGc = this.heap.stats().usedBytes;
    if (exact) this.onGcComplete?.();
  }

  /** A full collection now (seed `Store::gc`), after finishing any the zeal left open. InvariantError inside a no-GC scope. */
  gc(): void {
    this.triggers.explicit++;
    this.fullGc();
  }

  private fullGc(): void {
    if (this.heap.noGcScopeDepth === 0) this.finishZealGc();
    this.beginGc().collect();
    this.finishGc();
  }

  /** Start a collection to drive slice by slice; dropping it midway leaves the heap usable. */
  startGc(): GarbageCollection {
    this.triggers.explicit++;
    if (this.heap.noGcScopeDepth === 0) this.finishZealGc();
    return new StoreCollection(this, this.beginGc());
  }

  enterNoGcScope(): void {
    this.heap.enterNoGcScope();
  }

  exitNoGcScope(): void {
    this.heap.exitNoGcScope();
  }

  /** Before calling into Wasm with `numGcRefs` refs: collect if the collector asks (DRC list trigger). */
  enterWasm(numGcRefs: number): void {
    if (this.heap.noGcScopeDepth === 0 && this.heap.needGcBeforeEnteringWasm(numGcRefs)) {
      if (this.skipsEnterWasmGc) return;
      this.triggers.enterWasm++;
      this.fullGc();
    }
  }

  /** Seed `reset`: empty heap and host-data table, every handle invalidated; providers are kept. */
  reset(): void {
    this.heap.reset();
    this.hostData.clear();
    this.scopedSlots.length = 0;
    this.scopedGens.length = 0;
    this.scopeStarts.length = 0;
    this.ownedSlots.length = 0;
    this.ownedGens.length = 0;
    this.ownedFree.length = 0;
    this.usageAfterLastGc = 0;
    this.allocsSinceZealGc = 0;
    this.openGc = null;
  }
}

/** A store-driven collection: counts itself and calls `onGcComplete` when its last slice completes. */
class StoreCollection implements GarbageCollection {
  private done = false;
  constructor(
    private readonly store: Store,
    private readonly inner: GarbageCollection,
    private readonly exact = true,
  ) {}

  collectIncrement(budget?: number): GcProgress {
    if (this.done) return 'complete';
    const p = this.inner.collectIncrement(budget);
    if (p === 'complete') {
      this.done = true;
      this.store.finishGc(this.exact);
    }
    return p;
  }

  markSlice(budget: number): void {
    if (!this.done) this.inner.markSlice?.(budget);
  }

  collect(): void {
    while (this.collectIncrement() !== 'complete');
  }
}
