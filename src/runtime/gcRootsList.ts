import type { GcRef } from './gcRef';

/**
 * A mutable location outside the heap that holds GcRefs: the TypeScript form of
 * `&mut Option<VMGcRef>` (0 stands for None). A root, a global cell, a table's element store or
 * an interpreter frame is a `GcRefSlots` plus an index, so barriers and roots never allocate.
 */
export interface GcRefSlots {
  [index: number]: GcRef;
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

  get(): GcRef {
    return this.slots[this.index]!;
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
