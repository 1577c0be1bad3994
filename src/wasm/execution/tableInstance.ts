import type { TableType } from '../syntax/types';
import type { GcHeap } from '../../runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../runtime/externRefHostDataTable';
import { Trap } from '../../errors/Trap';
import { tagSlots } from '../../runtime/gcRootsList';

/**
 * Spec 4.2.7 table instance. Elements are u32s: FuncRefTable ids (0 = null) for func-hierarchy
 * tables, GcRefs for any/extern tables. A GC table's `elems` are `GcRefSlots`: every write runs
 * `GcHeap.writeGcRef` (so each element holds one count, null included — Wasmtime #14325) and the
 * store reports `elems[0..size)` as roots.
 */
export class TableInstance {
  readonly externKind = 'table' as const;
  /** Backing store; its length is the capacity, `size` the table's current size. */
  elems: Uint32Array;
  size: number;

  constructor(
    /** Canonical type; `limits.min` follows the current size (spec 4.5.3.7 "growtable"). */
    public type: TableType,
    /** Whether elements are GcRefs (traced, counted) rather than function ids. */
    readonly holdsGcRef: boolean,
    /** Implementation limit on the number of elements. */
    readonly sizeLimit: number,
  ) {
    const min = type.limits.min;
    if (min > sizeLimit) throw new Trap('out of memory', `table of ${min} elements exceeds the limit of ${sizeLimit}`);
    this.elems = tagSlots(new Uint32Array(min), 'table');
    this.size = min;
  }

  get max(): number {
    return Math.min(this.type.limits.max ?? 0xffffffff, this.sizeLimit);
  }

  /** Store `value` at `i` (caller checked bounds), through the write barrier for GC tables. */
  set(heap: GcHeap, hostData: ExternRefHostDataTable, i: number, value: number): void {
    if (this.holdsGcRef) heap.writeGcRef(hostData, this.elems, i, value);
    else this.elems[i] = value;
  }

  /** Spec 4.5.3.7 growtable: the old size, or -1 when the new size would pass the maximum. */
  grow(heap: GcHeap, hostData: ExternRefHostDataTable, delta: number, init: number): number {
    const old = this.size;
    const next = old + delta;
    if (next > this.max) return -1;
    if (next > this.elems.length) {
      const cap = Math.min(Math.max(next, this.elems.length * 2, 8), this.max);
      const grown = tagSlots(new Uint32Array(cap), 'table');
      grown.set(this.elems.subarray(0, old));
      this.elems = grown;
    }
    this.size = next;
    for (let i = old; i < next; i++) this.set(heap, hostData, i, init);
    const max = this.type.limits.max;
    this.type = { element: this.type.element, limits: { min: next, ...(max !== undefined ? { max } : {}) } };
    return old;
  }

  /**
   * Spec 4.4.6 `table.fill`: "out of bounds table access" when `at + n` passes the size, writing
   * nothing; else one write barrier per element, null included (Wasmtime #14325). The interpreter
   * and the op-stream harness both call this, so both run the same check and barriers.
   */
  fill(heap: GcHeap, hostData: ExternRefHostDataTable, at: number, value: number, n: number): void {
    this.check(at, n);
    for (let k = 0; k < n; k++) this.set(heap, hostData, at + k, value);
  }

  /** Bounds check of `[at, at + n)` (spec 4.4.6: "out of bounds table access"). */
  check(at: number, n: number): void {
    if (at + n > this.size) throw new Trap('out of bounds table access');
  }
}
