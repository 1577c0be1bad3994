import type { GcRef } from './gcRef';
import type { GcRootsList, GcRefSlots } from './gcRootsList';
import type { ExternRefHostDataTable } from './externRefHostDataTable';
import type { GcTypeRegistry } from './gcTypes';

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
  collectIncrement(): GcProgress;
  collect(): void;
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
  newGcHeap(config: GcHeapConfig): GcHeap;
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

  // --- Field access. Reads run no barrier (the caller applies readBarrierToWasm or cloneGcRef as
  //     the value's destination requires); writes of ref fields run the write barrier. ---------
  structGet(ref: GcRef, field: number, signed?: boolean): FieldValue;
  structSet(hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void;
  arrayLen(ref: GcRef): number;
  arrayGet(ref: GcRef, index: number, signed?: boolean): FieldValue;
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
}
