import type { Store } from '../../runtime/store';
import type { GcHeap } from '../../runtime/gcHeap';
import type { GcRootsList } from '../../runtime/gcRootsList';
import type { GcTypeRegistry } from '../../runtime/gcTypes';
import type { ExternRefHostDataTable } from '../../runtime/externRefHostDataTable';
import { isHeapRef } from '../../runtime/gcRef';
import { FuncRefTable } from './funcRefTable';
import type { GlobalInstance } from './globalInstance';
import type { TableInstance } from './tableInstance';
import type { ElemInstance } from './elemInstance';
import { Thread } from './interpreter/thread';

/** Limits of a WasmStore's executions. */
export interface WasmStoreConfig {
  /** Fuel of each top-level invocation: instructions executed before Trap('out of fuel'). Default 1e9. */
  readonly fuel?: number;
  /** Most Wasm frames on the stack before Trap('call stack exhausted'). Default 1000. */
  readonly maxCallDepth?: number;
  /**
   * Most nested invocations (host -> Wasm -> host -> Wasm ...) before Trap('call stack exhausted'):
   * each nesting level uses JS stack, unlike Wasm-to-Wasm calls. Default 100.
   */
  readonly maxReentry?: number;
  /** Most elements of one table (an implementation limit; `table.grow` past it returns -1). Default 2^24. */
  readonly maxTableSize?: number;
  /** Most pages of one memory (`memory.grow` past it returns -1). Default 1024 (64 MiB). */
  readonly maxMemoryPages?: number;
}

export const DEFAULT_FUEL = 1e9;
export const DEFAULT_MAX_CALL_DEPTH = 1000;

/**
 * The Wasm store of spec 4.2.3 on top of the runtime `Store` (one GC heap, its host-data table and
 * type registry): function instances and their FuncRefTable ids, every global, table and element
 * segment that holds GC refs (reported as non-stack roots: they hold counts, and moving collectors
 * rewrite them), and the interpreter thread whose frames are the Wasm stack roots. Nothing is
 * removed before the store is dropped (spec: store contents are never deallocated), which is also
 * why a failed instantiation never drops anything it allocated (CVE-2022-23636).
 */
export class WasmStore {
  readonly funcRefs = new FuncRefTable();
  readonly thread: Thread;
  readonly fuel: number;
  readonly maxCallDepth: number;
  readonly maxReentry: number;
  readonly maxTableSize: number;
  readonly maxMemoryPages: number;
  private readonly gcGlobals: GlobalInstance[] = [];
  private readonly gcTables: TableInstance[] = [];
  private readonly gcElems: ElemInstance[] = [];

  constructor(
    readonly store: Store,
    config: WasmStoreConfig = {},
  ) {
    this.fuel = config.fuel ?? DEFAULT_FUEL;
    this.maxCallDepth = config.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH;
    this.maxReentry = config.maxReentry ?? 100;
    this.maxTableSize = config.maxTableSize ?? 1 << 24;
    this.maxMemoryPages = config.maxMemoryPages ?? 1024;
    this.thread = new Thread(this);
    store.addRootProvider((roots) => this.provideRoots(roots));
  }

  get heap(): GcHeap {
    return this.store.heap;
  }

  get hostData(): ExternRefHostDataTable {
    return this.store.hostData;
  }

  get types(): GcTypeRegistry {
    return this.store.types;
  }

  /** Track a GC-ref global / table / element segment as a root holder (from allocation on). */
  addGcGlobal(g: GlobalInstance): void {
    this.gcGlobals.push(g);
  }
  addGcTable(t: TableInstance): void {
    this.gcTables.push(t);
  }
  addGcElem(e: ElemInstance): void {
    this.gcElems.push(e);
  }

  /** Non-stack roots: GC-ref globals, GC table elements, live slots of GC element segments (heap refs only: null and i31 are never traced). */
  private provideRoots(roots: GcRootsList): void {
    for (const g of this.gcGlobals) if (isHeapRef(g.cell[0]!)) roots.addRoot(g.cell, 0);
    for (const t of this.gcTables) {
      const elems = t.elems;
      for (let i = 0; i < t.size; i++) if (isHeapRef(elems[i]!)) roots.addRoot(elems, i);
    }
    for (const e of this.gcElems) {
      const refs = e.refs;
      for (let i = 0; i < e.length; i++) if (isHeapRef(refs[i]!)) roots.addRoot(refs, i);
    }
  }
}
