import type { GcRef } from './gcRef';
import type { GcRoot, GcRootsList, GcRefSlots, SlotKind } from './gcRootsList';
import type { ExternRefHostDataTable } from './externRefHostDataTable';
import type { GcTypeRegistry } from './gcTypes';
import type { FreeList } from './freeList';

/**
 * The collector interface, mirroring `../shared/seeds/gc_runtime.rs` method for method in
 * camelCase, plus what Wasm GC needs beyond the seed (struct/array allocation and field access
 * through the barriers, heap growth, introspection for oracles).
 *
 * Value representation at this boundary (`FieldValue`): i8/i16/i32 fields read as a JS number
 * (i32 signed, packed fields extended as asked), i64 as a signed 64-bit bigint, f32 as its raw
 * u32 bit pattern (so NaN payloads survive), f64 as a JS number, GC refs as `GcRef`, function
 * refs as a store function id (0 = null).
 */
export type FieldValue = number | bigint;

/** Seed: `GcProgress`. */
export type GcProgress = 'continue' | 'complete';

/**
 * Seed: `GarbageCollection`. The mutator never runs between increments; a collection may be
 * abandoned after any increment and the heap must stay usable (Wasmtime #13516).
 */
export interface GarbageCollection {
  /**
   * One bounded slice. `budget` (objects to process), when given, overrides the heap's configured
   * `incrementBudget` for this slice; collectors without a notion of budget ignore it.
   */
  collectIncrement(budget?: number): GcProgress;
  collect(): void;
  /**
   * Collectors whose mutator runs between increments (`GcRuntime.mutatorRunsBetweenIncrements`):
   * a marking-only slice that never completes the collection (never sweeps, never frees), so it
   * may run where the caller holds raw refs, e.g. inside a write barrier or a no-GC scope.
   */
  markSlice?(budget: number): void;
}

/**
 * Where the mutator is, as the harness labels it (`GcHeap.setMutatorStep`): the op index of an op
 * stream (or the invocation of a Wasm program) and a readable label. Barrier logs record it, so a
 * marking oracle can name the op that removed an edge.
 */
export interface MutatorStep {
  readonly index: number;
  readonly label: string;
}

/** One ref slot overwritten or dropped while marking was open, as the runtime logged it (before the barrier decided anything). */
export interface LoggedRemoval {
  readonly kind: SlotKind;
  /** The object holding the slot for 'field' / 'element'; 0 for slots outside the heap. */
  readonly holder: GcRef;
  /** Slots outside the heap (global cell, table elements, handle array); null for heap slots. */
  readonly slots: GcRefSlots | null;
  /** Field index, element index, or index into `slots`. */
  readonly index: number;
  /** The value the slot held before the write (the edge's target). */
  readonly old: GcRef;
  readonly step: MutatorStep;
}

/**
 * What a collector whose mutator runs between increments shows its marking verifiers. Valid
 * only during the verifier call: marking is over (or about to begin) and nothing has been swept.
 */
export interface MarkingView {
  readonly heap: GcHeap;
  /** The current roots (refreshed at the end of marking). */
  readonly roots: GcRootsList;
  /** Each root of the collection's start with the value it held then (Wasm stack slots change unbarriered afterwards). */
  readonly rootsAtStart: readonly { readonly root: GcRoot; readonly value: GcRef }[];
  /** Whether the collector's incremental mark has marked `ref` (a valid object). */
  isMarked(ref: GcRef): boolean;
  /** Each traced ref slot of a valid object: its value, kind ('field' / 'element') and index. */
  forEachRefSlot(ref: GcRef, visit: (value: GcRef, kind: 'field' | 'element', index: number) => void): void;
  /** Ref slots overwritten or dropped while marking was open, oldest first (bounded; see the collector). */
  readonly removals: readonly LoggedRemoval[];
  /** The mutator's step when the verifier runs. */
  readonly step: MutatorStep;
  /** Slices this collection has taken so far. */
  readonly slices: number;
}

/**
 * Verification hooked into the collector the way engines do it (SpiderMonkey gczeal, V8
 * --verify-heap): `start` right before the first mutation of an open marking (the graph is still
 * the snapshot's), `end` at the end of marking, before sweeping. Both run only for collections in
 * which the mutator ran between slices; `slice` runs after every slice's marking work. They throw
 * to report a failure.
 */
export interface MarkingVerifier {
  start?(view: MarkingView): void;
  end(view: MarkingView): void;
  /** After the marking work of every slice of every collection (mutated or not), with what it did. */
  slice?(report: SliceReport): void;
}

/**
 * One slice's marking work as the collector reports it to `MarkingVerifier.slice`: the budget its
 * caller gave (Infinity for `collect()`), the units it scanned (a pending root shaded
 * or a grey object traced, each one unit), whether it reported marking done, and what was left.
 */
export interface SliceReport {
  readonly budget: number;
  readonly scanned: number;
  readonly done: boolean;
  readonly markStack: number;
  readonly pendingRoots: number;
  /** The mutator's step when the slice ran. */
  readonly step: MutatorStep;
}

/**
 * Incremental zeal: the store starts a collection at an allocation and then runs a slice every
 * `every` allocations or barrier calls, with a budget drawn from [1, maxBudget] by a PRNG seeded
 * with `seed`, so ordinary mutation runs while marking is open. Slices at barrier calls and inside
 * no-GC scopes only mark; a collection is finished (swept) or dropped only at an allocation.
 */
export interface IncrementalZeal {
  readonly every: number;
  readonly maxBudget: number;
  readonly seed: number;
}

/** Heap-level debug checks of `gc_zeal`; the store's "collect every N allocations" lives in `StoreConfig`. */
export interface HeapZeal {
  /** Fill freed memory with POISON_BYTE and verify it is intact when the memory is reused. */
  readonly poison: boolean;
  /** Run free-list / stack-root-list / semi-space integrity checks at every collection and allocation. */
  readonly checks: boolean;
}

export const POISON_BYTE = 0xdb;

export interface GcHeapConfig {
  readonly types: GcTypeRegistry;
  /** Initial heap size in bytes (rounded up by the collector as it needs). */
  readonly initialBytes: number;
  /** The most the heap may grow to. */
  readonly maxBytes: number;
  readonly zeal?: HeapZeal;
  /** Copying: objects processed per `collectIncrement` slice (Wasmtime uses 16,384). */
  readonly incrementBudget?: number;
  /**
   * DRC: the least over-approximated stack-roots list length at which `needGcBeforeEnteringWasm`
   * fires (default 1024, Wasmtime's). Generators lower it so small cases reach that trigger.
   */
  readonly stackRootsTriggerFloor?: number;
}

export interface HeapStats {
  /** Bytes currently occupied by objects (including garbage not yet reclaimed). */
  readonly usedBytes: number;
  /** Bytes the collector can allocate into right now (its heap bound less reserved space). */
  readonly capacityBytes: number;
  /** Objects currently allocated (live or not yet reclaimed). */
  readonly objectCount: number;
  /** Completed collections. */
  readonly collections: number;
  /** Collector-specific counters: barrier ops, DRC list length, objects copied... */
  readonly counters: Readonly<Record<string, number>>;
}

/** Seed: `GcRuntime`. A collector module's default export implements this. */
export interface GcRuntime {
  /** Short name used on the command line and in reports ("null", "drc", "copying", or a user's). */
  readonly name: string;
  /** What the collector promises about reclamation; oracles read it. */
  readonly reclaims: 'nothing' | 'acyclic' | 'all';
  /** Whether objects move, so roots must be re-read after a collection. */
  readonly moving: boolean;
  /** True when the mutator may run between increments (marking open across ops); see collector-api.md. */
  readonly mutatorRunsBetweenIncrements?: boolean;
  /** Default incremental zeal for stores on this collector (StoreConfig.incrementalZeal overrides). */
  readonly incrementalZeal?: IncrementalZeal;
  newGcHeap(config: GcHeapConfig): GcHeap;
  /**
   * Fault-injection seam, for deliberately broken runtimes only (tests/brokenCollectors): the
   * externref host-data table of each store. A correct runtime leaves it out and every store gets
   * its own `ExternRefHostDataTable`.
   */
  newHostDataTable?(): ExternRefHostDataTable;
  /**
   * Fault-injection seam, for deliberately broken runtimes only (tests/brokenCollectors): a broken
   * store on this collector. `skipZealGc`: the every-N-allocations zeal resets its count without
   * collecting. `skipEnterWasmGc`: entering Wasm, the store asks the heap but ignores its "collect
   * first". `skipIncrementalZeal`: the store runs no incremental zeal. A correct runtime leaves it out.
   */
  readonly storeFaults?: { readonly skipZealGc?: boolean; readonly skipEnterWasmGc?: boolean; readonly skipIncrementalZeal?: boolean };
}

/** Seed: `GcHeap`. Every method is memory safe for any argument: a bad ref raises SandboxError. */
export interface GcHeap {
  readonly runtime: GcRuntime;

  // --- No-GC scopes (seed: enter_no_gc_scope / exit_no_gc_scope) -------------------------------
  enterNoGcScope(): void;
  exitNoGcScope(): void;
  /** Current nesting depth; 0 outside any scope. */
  readonly noGcScopeDepth: number;

  // --- Headers (seed: header) ------------------------------------------------------------------
  /** The header's kind bits (a GcKind) of a valid object; SandboxError otherwise. */
  headerKind(ref: GcRef): number;
  /** The header's type index; for externrefs, 0. */
  headerType(ref: GcRef): number;

  // --- Barriers ---------------------------------------------------------------------------------
  /** Seed: clone_gc_ref. Returns `ref`; counting collectors add one count. */
  cloneGcRef(ref: GcRef): GcRef;
  /**
   * Seed: write_gc_ref. Stores `source` (borrowed, not yet cloned; 0 = None) into `slots[index]`,
   * counting the new value before releasing the old one.
   */
  writeGcRef(hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void;
  /** Seed: drop_gc_ref. Releases one owned count of `ref`. */
  dropGcRef(hostData: ExternRefHostDataTable, ref: GcRef): void;
  /** Seed: expose_gc_ref_to_wasm. Hands an owned ref to Wasm (DRC: onto the stack-roots list). */
  exposeGcRefToWasm(ref: GcRef): void;
  /**
   * The read barrier compiled Wasm runs when a ref flows from the heap, a global or a table onto
   * the Wasm stack (Wasmtime emits it inline through its GcCompiler). Equivalent to
   * `exposeGcRefToWasm(cloneGcRef(ref))`.
   */
  readBarrierToWasm(ref: GcRef): void;
  /** Seed: need_gc_before_entering_wasm. */
  needGcBeforeEnteringWasm(numGcRefs: number): boolean;

  // --- Allocation: a ref (owned: one count for counting collectors), null = "collect and retry",
  //     or a thrown OutOfMemoryError when no collection could help. -----------------------------
  /** Seed: alloc_externref. */
  allocExternref(hostDataId: number): GcRef | null;
  /** Seed: externref_host_data. */
  externrefHostData(ref: GcRef): number;
  /** A struct of registered type `typeIndex`, every field zero / null. */
  allocStruct(typeIndex: number): GcRef | null;
  /** An array of registered type `typeIndex` with `length` zero / null elements. */
  allocArray(typeIndex: number, length: number): GcRef | null;
  /**
   * An exception object (kind ExnRef) laid out as the registered struct type `layoutType`: field 0
   * is the tag identity (i32), the payload follows; traced like a struct by every collector.
   */
  allocExn(layoutType: number): GcRef | null;

  // --- Field access. Reads run no barrier (the caller applies readBarrierToWasm or cloneGcRef as
  //     the value's destination requires); writes of ref fields run the write barrier. ---------
  structGet(ref: GcRef, field: number, signed?: boolean): FieldValue;
  structSet(hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void;
  /** Field access of an exception object (the same layout rules and barriers as structs). */
  exnGet(ref: GcRef, field: number): FieldValue;
  exnSet(hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void;
  arrayLen(ref: GcRef): number;
  arrayGet(ref: GcRef, index: number, signed?: boolean): FieldValue;
  /**
   * Fields [start, start + count) of a struct or exception, or elements of an array, as
   * `structGet` / `exnGet` / `arrayGet` (unsigned) would read them one by one, after one header
   * and bounds check, written to `out` from index 0 (no seed method: the whole-heap oracles read
   * every field of every reachable object after each collection, and a header check per field made
   * that walk quadratic in practice for the boundary-sized arrays the generators draw). Optional:
   * the walk falls back to the per-field reads.
   */
  getRange?(ref: GcRef, start: number, count: number, out: FieldValue[]): void;
  arraySet(hostData: ExternRefHostDataTable, ref: GcRef, index: number, value: FieldValue): void;

  // --- Collection (seed: gc) --------------------------------------------------------------------
  /**
   * Start a collection. Throws InvariantError inside a no-GC scope. Reclaimed externrefs have
   * their host-data entries removed from `hostData`.
   */
  gc(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection;

  // --- Memory (seed: vmctx_gc_heap_base / bound / data) ----------------------------------------
  vmctxGcHeapBase(): ArrayBuffer;
  vmctxGcHeapBound(): number;
  vmctxGcHeapData(): unknown;
  /** Grow the heap by at least `bytes`, within the configured maximum. False if it cannot. */
  grow(bytes: number): boolean;
  /** Seed: reset. Empty the heap as if fresh, keeping its memory. */
  reset(): void;

  // --- Introspection for oracles and zeal ---------------------------------------------------------
  stats(): HeapStats;
  /** Visit every allocated object (live or unreclaimed garbage) in address order. */
  forEachObject(visit: (ref: GcRef) => void): void;
  /** Run the collector's integrity checks now; throws InvariantError on corruption. */
  verifyIntegrity(): void;

  // --- Optional: collectors whose mutator runs between increments ------------------------------
  /** Install (or remove, with null) the marking verifier. */
  setMarkingVerifier?(verifier: MarkingVerifier | null): void;
  /** Label the mutator's current step for barrier logs. */
  setMutatorStep?(step: MutatorStep): void;
  /** Called after every write barrier (writeGcRef, ref field stores, dropGcRef); the store's incremental zeal hooks in here. */
  setBarrierListener?(listener: (() => void) | null): void;
  /** Whether a collection's marking is open (barriers active). */
  isMarking?(): boolean;

  // --- Optional: free-list heaps (DRC, incremental) ----------------------------------------------
  /**
   * Test and oracle seam: calls `use` with the heap's FreeList right away (the free-list oracle
   * wraps its methods to judge them, `oracles/installFreeListOracle.ts`; broken variants in
   * tests/brokenCollectors replace them). Nothing but oracles and tests may use it.
   */
  withFreeList?(use: (list: FreeList) => void): void;
}
