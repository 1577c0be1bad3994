import type { GcRef } from './gcRef';

/**
 * A mutable location outside the heap that holds GcRefs: the TypeScript form of
 * `&mut Option<VMGcRef>` (0 stands for None). A root, a global cell, a table's element store or
 * an interpreter frame is a `GcRefSlots` plus an index, so barriers and roots never allocate.
 */
export interface GcRefSlots {
  [index: number]: GcRef;
  /** What kind of location this is (`tagSlots`), so barriers and oracles can name it; untagged: 'slot'. */
  [SLOT_KIND]?: OffHeapSlotKind;
}

/**
 * The kinds of ref location outside the heap. Barrier logs and the incremental-marking oracles
 * name a slot by its kind; a collector may treat kinds differently (Wasm stack slots are not
 * barriered: see `IncrementalHeap`).
 */
export type OffHeapSlotKind = 'global' | 'table' | 'handle' | 'elem-segment' | 'slot' | 'pending-exception';
/** A ref slot's kind anywhere: inside the heap (struct field, array element) or outside it, or a Wasm frame. */
export type SlotKind = 'field' | 'element' | OffHeapSlotKind | 'stack';

/** Symbol under which `tagSlots` records a `GcRefSlots`' kind (a non-index property, invisible to index access). */
export const SLOT_KIND: unique symbol = Symbol('gcfuzz.slotKind');

/** Records what kind of location `slots` is (the store tags handle arrays, tables and globals tag theirs). */
export function tagSlots<T extends GcRefSlots>(slots: T, kind: OffHeapSlotKind): T {
  Object.defineProperty(slots, SLOT_KIND, { value: kind, enumerable: false, configurable: true });
  return slots;
}

/** The kind `tagSlots` recorded for `slots`, or 'slot'. */
export function slotKindOf(slots: GcRefSlots): OffHeapSlotKind {
  return slots[SLOT_KIND] ?? 'slot';
}

/**
 * `GcRoot`: one root location. `get`/`set` run no barriers; moving collectors call `set` to
 * rewrite a root after copying its referent (seed: `GcRoot::set`).
 */
export class GcRoot {
  constructor(
    private readonly slots: GcRefSlots,
    private readonly index: number,
    private readonly stack: boolean,
    /** For stack roots: 0 for the innermost Wasm frame, counting outwards. -1 for non-stack roots. */
    readonly frameDepth: number,
  ) {}

  /** Seed: `GcRoot::is_on_wasm_stack`. */
  isOnWasmStack(): boolean {
    return this.stack;
  }

  /** The location's kind, for reports: 'stack' for Wasm frames, else the tag of its slots. */
  get kind(): SlotKind {
    return this.stack ? 'stack' : slotKindOf(this.slots);
  }

  /** The slot index inside its `GcRefSlots` (for reports). */
  get slotIndex(): number {
    return this.index;
  }

  /** The slot's value; 0 once the slot is gone (a handle array shrank since the root was listed). */
  get(): GcRef {
    return this.slots[this.index] ?? 0;
  }

  set(ref: GcRef): void {
    this.slots[this.index] = ref;
  }
}

/**
 * `GcRootsList`: the builder the store fills before each collection (seed: `GcRootsList`). It is
 * reused across collections; `clear` keeps its storage. Null and i31 slots may be added; collectors
 * skip them.
 */
export class GcRootsList {
  private readonly roots: GcRoot[] = [];

  /**
   * `refill`, when given, re-enumerates the current roots into this list (`refresh`). A collector
   * whose mutator runs between increments calls `refresh` at the end of marking, so its verifier
   * sees today's roots rather than those of the snapshot (frames popped, handles dropped since).
   */
  constructor(private readonly refill: ((list: GcRootsList) => void) | null = null) {}

  /** Re-enumerate the current roots (no-op without a `refill`, e.g. a test's hand-built list). */
  refresh(): void {
    if (this.refill === null) return;
    this.clear();
    this.refill(this);
  }

  /** Seed: `add_wasm_stack_root`. `frameDepth` is 0 for the innermost frame. */
  addWasmStackRoot(slots: GcRefSlots, index: number, frameDepth = 0): void {
    this.roots.push(new GcRoot(slots, index, true, frameDepth));
  }

  /** Seed: `add_root` (globals, tables, host handles). */
  addRoot(slots: GcRefSlots, index: number): void {
    this.roots.push(new GcRoot(slots, index, false, -1));
  }

  isEmpty(): boolean {
    return this.roots.length === 0;
  }

  get length(): number {
    return this.roots.length;
  }

  clear(): void {
    this.roots.length = 0;
  }

  /** Seed: `GcRootsList::iter`. */
  [Symbol.iterator](): IterableIterator<GcRoot> {
    return this.roots[Symbol.iterator]();
  }
}
