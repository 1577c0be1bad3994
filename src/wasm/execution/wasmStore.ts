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
import type { Handle } from '../../runtime/store';
import { tagSlots } from '../../runtime/gcRootsList';
import type { FieldValue } from '../../runtime/gcHeap';
import type { FuncType } from '../syntax/types';
import { TagInstance } from './tagInstance';
import { WasmException } from './wasmException';
import { ValKind, canonicalIsFunc, valKindOf } from './valKind';

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
  /** Tag instances by identity - 1. */
  readonly tags: TagInstance[] = [];
  /**
   * The pending (in-flight) exception: the exception object between `throw` and the handler that
   * takes it, or until the host takes it after it escaped an invocation. A GC root of kind
   * 'pending-exception', written through the write barrier like a global.
   */
  readonly pendingException: Float64Array = tagSlots(new Float64Array(1), 'pending-exception');

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

  /** A new tag instance of canonical function type `type` (canonical id `typeId`): registers its exception layout `[i32 id, params...]`. */
  newTag(typeId: number, type: FuncType, name: string): TagInstance {
    const layout = this.types.register({
      kind: 'struct',
      fields: [{ storage: 'i32', mutable: false }, ...type.params.map((p) => ({ storage: p, mutable: false }))],
      final: true,
    });
    const isFunc = canonicalIsFunc(this.types);
    const kinds = new Uint8Array(type.params.map((p) => valKindOf(p, isFunc)));
    const t = new TagInstance(typeId, type, kinds, layout, this.tags.length + 1, name);
    this.tags.push(t);
    return t;
  }

  /** Set the pending exception (write barrier); 0 clears it. */
  setPendingException(ref: number): void {
    this.heap.writeGcRef(this.hostData, this.pendingException, 0, ref);
  }

  /** The pending exception as a handle in the current scope (null when none), and clear it. */
  takePendingException(): Handle | null {
    const r = this.pendingException[0]!;
    if (r === 0) return null;
    const h = this.store.root(this.heap.cloneGcRef(r));
    this.setPendingException(0);
    return h;
  }

  /** The tag and payload of exception `exn` (a handle), payload refs as raw GcRefs: for reporting, not to be kept across a safepoint. */
  inspectException(exn: Handle): { readonly tag: TagInstance; readonly payload: FieldValue[] } {
    const r = this.store.get(exn);
    const tag = this.tags[(this.heap.exnGet(r, 0) as number) - 1];
    if (tag === undefined) throw new Error('exception object with an unknown tag identity');
    const payload: FieldValue[] = [];
    for (let i = 0; i < tag.paramKinds.length; i++) payload.push(this.heap.exnGet(r, i + 1));
    return { tag, payload };
  }

  /**
   * Allocate an exception of `tag` with `payload` (numbers, bigints for i64, handles or null for
   * refs), make it the pending exception and return the WasmException to throw: the way a host
   * function throws into Wasm.
   */
  throwException(tag: TagInstance, payload: readonly (number | bigint | Handle | null)[]): WasmException {
    const store = this.store;
    const heap = this.heap;
    const r = store.allocExn(tag.layoutType);
    heap.exnSet(this.hostData, r, 0, tag.id);
    for (let i = 0; i < tag.paramKinds.length; i++) {
      const v = payload[i] ?? null;
      const k = tag.paramKinds[i]!;
      heap.exnSet(this.hostData, r, i + 1, k === ValKind.GcRef ? (v === null ? 0 : store.get(v as Handle)) : (v as number | bigint));
    }
    this.setPendingException(r);
    heap.dropGcRef(this.hostData, r);
    return new WasmException(this);
  }

  /** Non-stack roots: GC-ref globals, GC table elements, live slots of GC element segments (heap refs only: null and i31 are never traced). */
  private provideRoots(roots: GcRootsList): void {
    if (isHeapRef(this.pendingException[0]!)) roots.addRoot(this.pendingException, 0);
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
