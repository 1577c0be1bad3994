import type { AbstractHeapType, ArrayType, StorageType, StructType } from '../src/runtime/gcTypes';
import type { GcRuntime } from '../src/runtime/gcHeap';
import { ModelObject, type HostObject, type ModelRef, type ModelValue } from './modelObject';
import { Fault, type ModelSlot } from './modelSlot';
import { survivingGarbage } from './collectorPromise';
import { canonicalNumeric, signExtendNumeric, zeroOf } from './modelNumeric';
import { modelRefTest } from './modelRefTest';
import { removeAt } from './arrayEdits';

interface ModelHandle {
  value: ModelRef;
  owned: boolean;
  /** Scope depth it was made in; -1 for owned handles. */
  scope: number;
}

/**
 * The reference model of one store: objects are plain JS objects held in a Set, edges are JS
 * references, roots are listed explicitly (host handles, globals, tables, simulated Wasm frames, the pending exception),
 * reachability is a graph walk. It knows nothing of addresses, barriers or collectors, except what
 * each collector promises to reclaim (`reclaims`), which decides what survives a completed full
 * collection: the reachable objects plus `survivingGarbage` (collectorPromise.ts).
 *
 * Every op method mirrors one op of the driver and returns, where an op can fail, the `Fault` the
 * runtime must raise ('null' dereference, 'bounds' for an array index, 'no-gc' for a collection
 * inside a no-GC scope, the bulk instructions' traps: see ModelFault) in place of its value, or
 * null / the value when the op must succeed. The model keeps no record of the last fault. Handles
 * are addressed from the newest (0), frames from the innermost (0), exactly as the ops name them.
 */
export class ReferenceModel {
  /** Objects allocated and not yet reclaimed by a completed collection. */
  readonly objects = new Set<ModelObject>();
  /** Host object -> its externref, for the objects in `objects`. */
  private readonly hostOwners = new Map<HostObject, ModelObject>();
  readonly handles: ModelHandle[] = [];
  readonly globals: ModelRef[];
  readonly tables: ModelRef[][];
  readonly frames: ModelRef[][] = [];
  /** The store's pending (in-flight) exception: a root while set (Wasmtime #13316). */
  pending: ModelRef = null;
  /** Heap walks against this model so far (checkHeapAgainstModel's per-walk token). */
  walks = 0;
  private scope = 0;
  private noGcDepth = 0;
  private nextId = 1;
  private epoch = 0;
  private readonly refMasks: (readonly boolean[] | boolean)[];

  constructor(
    readonly types: readonly (StructType | ArrayType)[],
    globalCount: number,
    /** Initial table sizes; `tableGrow` grows them up to `tableMaximum`. */
    tableSizes: readonly number[],
    readonly reclaims: GcRuntime['reclaims'],
    /** Every table's declared maximum size (spec 2.3.11 limits). */
    readonly tableMaximum = 0xffffffff,
  ) {
    this.globals = new Array<ModelRef>(globalCount).fill(null);
    this.tables = tableSizes.map((n) => new Array<ModelRef>(n).fill(null));
    this.refMasks = types.map((t) => (t.kind === 'struct' ? t.fields.map((f) => typeof f.storage !== 'string') : typeof t.element.storage !== 'string'));
  }

  get noGcScopeDepth(): number {
    return this.noGcDepth;
  }

  // --- allocation and handles ------------------------------------------------------------------

  newExtern(host: HostObject, owned: boolean): ModelObject {
    const obj = new ModelObject(this.nextId++, 'extern', -1, [], false, host, 32);
    this.hostOwners.set(host, obj);
    return this.root(obj, owned);
  }

  /** The not-yet-reclaimed externref wrapping `host`, if any. */
  externOf(host: unknown): ModelObject | undefined {
    return this.hostOwners.get(host as HostObject);
  }

  newStruct(type: number, owned: boolean): ModelObject {
    return this.root(this.allocStruct(type), owned);
  }

  newArray(type: number, length: number, owned: boolean): ModelObject {
    return this.root(this.allocArray(type, length), owned);
  }

  /**
   * A new struct with default fields that nothing roots yet: the first step of `struct.new`
   * (spec 4.4.7), before `initField` stores its operands and `keep` roots it. If initialisation
   * fails partway it stays unrooted, garbage like any other (Wasmtime #12456).
   */
  allocStruct(type: number): ModelObject {
    const t = this.types[type] as StructType;
    const fields = t.fields.map((f) => zeroOf(f.storage));
    return this.allocated(new ModelObject(this.nextId++, 'struct', type, fields, this.refMasks[type]!, null, 32 + 8 * fields.length));
  }

  /**
   * A new exception object of tag `type` (laid out as that struct type, all fields default) that
   * nothing roots yet: the allocation of `throw` before its payload is stored.
   */
  allocExn(type: number): ModelObject {
    const t = this.types[type] as StructType;
    const fields = t.fields.map((f) => zeroOf(f.storage));
    return this.allocated(new ModelObject(this.nextId++, 'exn', type, fields, this.refMasks[type]!, null, 32 + 8 * fields.length));
  }

  /** A new array of `length` default elements, not rooted yet (`array.new`, `array.new_fixed`). */
  allocArray(type: number, length: number): ModelObject {
    const t = this.types[type] as ArrayType;
    const fields = new Array<ModelValue>(length).fill(zeroOf(t.element.storage));
    return this.allocated(new ModelObject(this.nextId++, 'array', type, fields, this.refMasks[type]!, null, 32 + 8 * length));
  }

  /** Store operand `value` into field or element `i` of a fresh object (numeric values as read back). */
  initField(obj: ModelObject, i: number, value: ModelValue): void {
    obj.fields[i] = obj.isRef(i) ? value : this.canonical(obj, i, value);
  }

  private allocated(obj: ModelObject): ModelObject {
    this.objects.add(obj);
    return obj;
  }

  private root(obj: ModelObject, owned: boolean): ModelObject {
    this.objects.add(obj);
    this.handles.push({ value: obj, owned, scope: owned ? -1 : this.scope });
    return obj;
  }

  handleValue(h: number): ModelRef {
    return this.handles[this.handles.length - 1 - h]!.value;
  }

  clone(h: number, owned: boolean): void {
    this.handles.push({ value: this.handleValue(h), owned, scope: owned ? -1 : this.scope });
  }

  /** Root a value read from somewhere in a new handle. */
  keep(value: ModelRef, owned: boolean): void {
    this.handles.push({ value, owned, scope: owned ? -1 : this.scope });
  }

  drop(h: number): void {
    removeAt(this.handles, this.handles.length - 1 - h);
  }

  enterScope(): void {
    this.scope++;
  }

  exitScope(): void {
    const depth = this.scope--;
    let w = 0;
    for (let r = 0; r < this.handles.length; r++) {
      const hd = this.handles[r]!;
      if (hd.scope !== depth) this.handles[w++] = hd;
    }
    this.handles.length = w;
  }

  // --- slots -----------------------------------------------------------------------------------

  /**
   * The value in `slot` (numeric fields as read back, `signed` sign-extending packed ones), or
   * the fault the read must raise.
   */
  read(slot: ModelSlot, signed: boolean): ModelValue | Fault {
    switch (slot.s) {
      case 'handle': return this.handleValue(slot.h);
      case 'global': return this.globals[slot.g]!;
      case 'table': return this.tables[slot.t]![slot.i]!;
      case 'frame': return this.frames[this.frames.length - 1 - slot.d]![slot.i]!;
      case 'field':
      case 'elem': {
        const obj = this.deref(slot.h);
        if (obj instanceof Fault) return obj;
        const i = slot.s === 'field' ? slot.f : slot.i;
        if (i >= obj.fields.length) return Fault.bounds;
        const v = obj.fields[i]!;
        return signed ? signExtendNumeric(this.storageOf(obj, i), v) : v;
      }
    }
  }

  /** Store `value` (a ref for ref slots, a FieldValue for numeric ones); the fault if it must fail. */
  write(slot: ModelSlot, value: ModelValue): Fault | null {
    switch (slot.s) {
      case 'handle': this.handles[this.handles.length - 1 - slot.h]!.value = value as ModelRef; return null;
      case 'global': this.globals[slot.g] = value as ModelRef; return null;
      case 'table': this.tables[slot.t]![slot.i] = value as ModelRef; return null;
      case 'frame': this.frames[this.frames.length - 1 - slot.d]![slot.i] = value as ModelRef; return null;
      case 'field':
      case 'elem': {
        const obj = this.deref(slot.h);
        if (obj instanceof Fault) return obj;
        const i = slot.s === 'field' ? slot.f : slot.i;
        if (i >= obj.fields.length) return Fault.bounds;
        obj.fields[i] = obj.isRef(i) ? value : this.canonical(obj, i, value);
        return null;
      }
    }
  }

  // --- bulk table and array instructions --------------------------------------------------------

  /** Spec 4.4.6 `table.fill`: fault 'table-oob' (nothing written) when `i + n` passes the size. */
  tableFill(t: number, i: number, n: number, value: ModelRef): Fault | null {
    const table = this.tables[t]!;
    if (i + n > table.length) return Fault.tableOob;
    table.fill(value, i, i + n);
    return null;
  }

  /** Spec 4.4.6 `table.grow`: the old size, or -1 (nothing changes) when the new size would pass `tableMaximum`. */
  tableGrow(t: number, n: number, value: ModelRef): number {
    const table = this.tables[t]!;
    const old = table.length;
    if (old + n > this.tableMaximum) return -1;
    for (let k = 0; k < n; k++) table.push(value);
    return old;
  }

  /**
   * Spec 4.4.7 `array.fill` on the array in handle h: fault 'null-reference' for null, then
   * 'array-oob' when `i + n` passes the length (nothing written).
   */
  arrayFill(h: number, i: number, n: number, value: ModelValue): Fault | null {
    const obj = this.arrayIn(h);
    if (obj instanceof Fault) return obj;
    if (i + n > obj.fields.length) return Fault.arrayOob;
    obj.fields.fill(obj.isRef(0) ? value : this.canonical(obj, 0, value), i, i + n);
    return null;
  }

  /**
   * Spec 4.4.7 `array.copy`: null checks (destination, then source), then both ranges; the copy
   * reads every source element before writing, as memmove does, so overlapping ranges of one
   * array are right in either direction.
   */
  arrayCopy(dst: number, d: number, src: number, s: number, n: number): Fault | null {
    const a = this.arrayIn(dst);
    if (a instanceof Fault) return a;
    const b = this.arrayIn(src);
    if (b instanceof Fault) return b;
    if (d + n > a.fields.length || s + n > b.fields.length) return Fault.arrayOob;
    const vals = b.fields.slice(s, s + n);
    for (let k = 0; k < n; k++) a.fields[d + k] = vals[k]!;
    return null;
  }

  /** The array in handle h, or fault 'null-reference' (the trap of a bulk instruction). */
  private arrayIn(h: number): ModelObject | Fault {
    const v = this.handleValue(h);
    return v instanceof ModelObject ? v : Fault.nullReference;
  }

  /** The object in handle h, or fault 'null' (a static type guarantees it is one if not null). */
  private deref(h: number): ModelObject | Fault {
    const v = this.handleValue(h);
    return v instanceof ModelObject ? v : Fault.null;
  }

  private storageOf(obj: ModelObject, i: number): StorageType {
    const t = this.types[obj.type]!;
    return t.kind === 'struct' ? t.fields[i]!.storage : t.element.storage;
  }

  private canonical(obj: ModelObject, i: number, v: ModelValue): ModelValue {
    return canonicalNumeric(this.storageOf(obj, i), v);
  }

  // --- other reads -----------------------------------------------------------------------------

  /** Host-side `ref.cast null`: roots the value if it matches `to`, else null, in a new owned handle. */
  cast(h: number, to: AbstractHeapType | number): boolean {
    const v = this.handleValue(h);
    const ok = v !== null && modelRefTest(this.types, v, to, false);
    this.handles.push({ value: ok ? v : null, owned: true, scope: -1 });
    return ok;
  }

  arrayLen(h: number): number | Fault {
    const obj = this.deref(h);
    return obj instanceof Fault ? obj : obj.fields.length;
  }

  /** The host object of the externref in handle h (undefined for any other object), or the fault. */
  hostData(h: number): HostObject | undefined | Fault {
    const obj = this.deref(h);
    return obj instanceof Fault ? obj : obj.host ?? undefined;
  }

  // --- frames, scopes, collections -----------------------------------------------------------------

  pushFrame(args: readonly ModelRef[], locals: number): void {
    const frame = args.slice();
    for (let i = 0; i < locals; i++) frame.push(null);
    this.frames.push(frame);
  }

  popFrame(): void {
    this.frames.pop();
  }

  enterNoGc(): void {
    this.noGcDepth++;
  }

  exitNoGc(): void {
    this.noGcDepth--;
  }

  /** The fault a collection started now must raise: 'no-gc' inside a no-GC scope, else none. */
  gcFault(): Fault | null {
    return this.noGcDepth > 0 ? Fault.noGc : null;
  }

  reset(): void {
    this.objects.clear();
    this.hostOwners.clear();
    this.handles.length = 0;
    this.frames.length = 0;
    this.globals.fill(null);
    for (const t of this.tables) t.fill(null);
    this.pending = null;
    this.scope = 0;
    this.noGcDepth = 0;
  }

  /**
   * A full collection completed: forget every object the collector promises to have reclaimed.
   * Afterwards `objects` is exactly the set that must still be allocated.
   */
  completeCollection(): void {
    // A collector that reclaims nothing keeps every object: no marking to do (a collection runs this).
    if (this.reclaims === 'nothing') return;
    const epoch = this.markSurvivors();
    for (const obj of this.objects) {
      if (obj.mark === epoch) continue;
      this.objects.delete(obj);
      if (obj.host !== null) this.hostOwners.delete(obj.host);
    }
  }

  /** Mark everything reachable from roots with a fresh epoch; returns it. */
  markReachable(): number {
    const epoch = ++this.epoch;
    const stack: ModelObject[] = [];
    const visit = (v: ModelRef): void => {
      if (v instanceof ModelObject && v.mark !== epoch) {
        v.mark = epoch;
        stack.push(v);
      }
    };
    for (const hd of this.handles) visit(hd.value);
    for (const g of this.globals) visit(g);
    for (const t of this.tables) for (const v of t) visit(v);
    for (const f of this.frames) for (const v of f) visit(v);
    visit(this.pending);
    this.drain(stack, epoch);
    return epoch;
  }

  private drain(stack: ModelObject[], epoch: number): void {
    while (stack.length > 0) {
      const obj = stack.pop()!;
      const fields = obj.fields;
      for (let i = 0; i < fields.length; i++) {
        const v = fields[i];
        if (v instanceof ModelObject && v.mark !== epoch && obj.isRef(i)) {
          v.mark = epoch;
          stack.push(v);
        }
      }
    }
  }

  /**
   * Mark, with a fresh epoch, every object a completed full collection must keep now: the
   * reachable ones plus the collector's `survivingGarbage`. Returns the epoch.
   */
  markSurvivors(): number {
    const epoch = this.markReachable();
    if (this.reclaims === 'all') return epoch;
    const garbage: ModelObject[] = [];
    for (const obj of this.objects) if (obj.mark !== epoch) garbage.push(obj);
    if (garbage.length > 0) for (const obj of survivingGarbage(this.reclaims, garbage, (obj, visit) => obj.forEachChild(visit))) obj.mark = epoch;
    return epoch;
  }
}
