import { InvariantError } from '../../src/errors/InvariantError';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';
import { SandboxError } from '../../src/errors/SandboxError';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { FieldValue, GarbageCollection, GcHeap, GcHeapConfig, GcProgress, GcRuntime, HeapStats } from '../../src/runtime/gcHeap';
import { GcKind } from '../../src/runtime/gcKind';
import type { GcRef } from '../../src/runtime/gcRef';
import type { GcRefSlots, GcRootsList } from '../../src/runtime/gcRootsList';
import type { GcTypeRegistry, StorageType } from '../../src/runtime/gcTypes';
import { isGcEdge } from './isGcEdge';

/** One model object: a plain JS record. `fields` are struct fields or array elements. */
export interface ModelGcObject {
  readonly ref: GcRef;
  readonly kind: 'struct' | 'array' | 'extern' | 'exn';
  /** Registered type index; 0 for externrefs. */
  readonly type: number;
  readonly fields: FieldValue[];
  /** Externrefs: the host-data id. */
  readonly hostDataId: number;
}

/** Refs are multiples of 8 (even, so never i31), never reused: a freed ref stays invalid forever. */
const REF_STRIDE = 8;
/** Object count limit, so `ref` stays below 2^32. */
const MAX_OBJECTS = 0x1fff_ffff;

/**
 * The reference model's heap: a trivially correct, non-moving mark-sweep collector over plain JS
 * objects in a Map, implementing `GcHeap` so the interpreter runs on it unchanged. No barriers (no
 * counts), no bytes, refs never reused: any ref that does not name a live object raises
 * SandboxError. Capacity is counted in estimated bytes so the store's allocation-failure policy
 * (collect, grow, retry, OutOfMemoryError) behaves as for the real collectors.
 */
export class ModelGcHeap implements GcHeap {
  readonly objects = new Map<GcRef, ModelGcObject>();
  private readonly types: GcTypeRegistry;
  private nextId = 1;
  private noGc = 0;
  private used = 0;
  private capacity: number;
  private readonly maxBytes: number;
  private collections = 0;
  private allocs = 0;

  constructor(readonly runtime: GcRuntime, config: GcHeapConfig) {
    this.types = config.types;
    this.capacity = config.initialBytes;
    this.maxBytes = config.maxBytes;
  }

  enterNoGcScope(): void {
    this.noGc++;
  }

  exitNoGcScope(): void {
    if (this.noGc === 0) throw new InvariantError('no-GC scope', 'exit without a matching enter');
    this.noGc--;
  }

  get noGcScopeDepth(): number {
    return this.noGc;
  }

  /** The live object `ref` names; SandboxError for anything else. */
  object(ref: GcRef): ModelGcObject {
    if (ref === 0) throw new SandboxError('null', 0);
    if ((ref & 1) === 1) throw new SandboxError('i31', ref);
    const o = this.objects.get(ref);
    if (o === undefined) throw new SandboxError('freed', ref, 'no such model object');
    return o;
  }

  headerKind(ref: GcRef): number {
    const o = this.object(ref);
    return o.kind === 'struct' ? GcKind.StructRef : o.kind === 'array' ? GcKind.ArrayRef : o.kind === 'exn' ? GcKind.ExnRef : GcKind.ExternRef;
  }

  headerType(ref: GcRef): number {
    return this.object(ref).type;
  }

  cloneGcRef(ref: GcRef): GcRef {
    return ref;
  }

  writeGcRef(_hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void {
    slots[index] = source;
  }

  dropGcRef(_hostData: ExternRefHostDataTable, _ref: GcRef): void {}

  exposeGcRefToWasm(_ref: GcRef): void {}

  readBarrierToWasm(_ref: GcRef): void {}

  needGcBeforeEnteringWasm(_numGcRefs: number): boolean {
    return false;
  }

  private alloc(kind: ModelGcObject['kind'], type: number, fields: FieldValue[], hostDataId: number, bytes: number): GcRef | null {
    if (this.nextId > MAX_OBJECTS) throw new OutOfMemoryError(bytes, 'model object limit');
    if (bytes > this.maxBytes) throw new OutOfMemoryError(bytes, 'allocation larger than the maximum heap');
    if (this.used + bytes > this.capacity) return null;
    const ref = this.nextId++ * REF_STRIDE;
    this.objects.set(ref, { ref, kind, type, fields, hostDataId });
    this.used += bytes;
    this.allocs++;
    return ref;
  }

  allocExternref(hostDataId: number): GcRef | null {
    return this.alloc('extern', 0, [], hostDataId, 16);
  }

  externrefHostData(ref: GcRef): number {
    const o = this.object(ref);
    if (o.kind !== 'extern') throw new SandboxError('wrong kind', ref, 'not an externref');
    return o.hostDataId;
  }

  allocStruct(typeIndex: number): GcRef | null {
    const t = this.types.get(typeIndex);
    if (t.kind !== 'struct') throw new InvariantError('allocStruct', `type ${typeIndex} is not a struct type`);
    return this.alloc('struct', typeIndex, t.fields.map((f) => defaultValue(f.storage)), 0, sizeOf(t.fields.length));
  }

  allocExn(layoutType: number): GcRef | null {
    const t = this.types.get(layoutType);
    if (t.kind !== 'struct') throw new InvariantError('allocExn', `type ${layoutType} is not an exception layout (struct) type`);
    return this.alloc('exn', layoutType, t.fields.map((f) => defaultValue(f.storage)), 0, sizeOf(t.fields.length));
  }

  exnGet(ref: GcRef, field: number): FieldValue {
    const o = this.object(ref);
    if (o.kind !== 'exn') throw new SandboxError('wrong kind', ref, 'not an exception');
    return this.read(o, field, false);
  }

  exnSet(_hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void {
    const o = this.object(ref);
    if (o.kind !== 'exn') throw new SandboxError('wrong kind', ref, 'not an exception');
    this.write(o, field, value);
  }

  allocArray(typeIndex: number, length: number): GcRef | null {
    const t = this.types.get(typeIndex);
    if (t.kind !== 'array') throw new InvariantError('allocArray', `type ${typeIndex} is not an array type`);
    if ((length >>> 0) !== length) throw new InvariantError('allocArray', `bad length ${String(length)}`);
    const bytes = sizeOf(length);
    if (bytes > this.maxBytes) throw new OutOfMemoryError(bytes, 'allocation too large');
    const fields = new Array<FieldValue>(length).fill(defaultValue(t.element.storage));
    return this.alloc('array', typeIndex, fields, 0, bytes);
  }

  private storageOf(o: ModelGcObject, i: number): StorageType {
    const t = this.types.get(o.type);
    if (t.kind === 'struct') return t.fields[i]!.storage;
    if (t.kind === 'array') return t.element.storage;
    throw new SandboxError('wrong kind', o.ref);
  }

  private read(o: ModelGcObject, i: number, signed: boolean): FieldValue {
    if ((i >>> 0) !== i || i >= o.fields.length) throw new SandboxError('field out of bounds', o.ref, `index ${i}`);
    const v = o.fields[i]!;
    const st = this.storageOf(o, i);
    if (st === 'i8') return signed ? ((v as number) << 24) >> 24 : (v as number) & 0xff;
    if (st === 'i16') return signed ? ((v as number) << 16) >> 16 : (v as number) & 0xffff;
    return v;
  }

  private write(o: ModelGcObject, i: number, value: FieldValue): void {
    if ((i >>> 0) !== i || i >= o.fields.length) throw new SandboxError('field out of bounds', o.ref, `index ${i}`);
    const st = this.storageOf(o, i);
    if ((st === 'i64') !== (typeof value === 'bigint')) throw new InvariantError('field value', `storage ${JSON.stringify(st)} got ${typeof value}`);
    if (st === 'i8') o.fields[i] = (value as number) & 0xff;
    else if (st === 'i16') o.fields[i] = (value as number) & 0xffff;
    else if (st === 'i32') o.fields[i] = (value as number) | 0;
    else if (typeof st === 'object' || st === 'f32') o.fields[i] = (value as number) >>> 0;
    else o.fields[i] = value;
  }

  structGet(ref: GcRef, field: number, signed = false): FieldValue {
    const o = this.object(ref);
    if (o.kind !== 'struct') throw new SandboxError('wrong kind', ref, 'not a struct');
    return this.read(o, field, signed);
  }

  structSet(_hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void {
    const o = this.object(ref);
    if (o.kind !== 'struct') throw new SandboxError('wrong kind', ref, 'not a struct');
    this.write(o, field, value);
  }

  arrayLen(ref: GcRef): number {
    const o = this.object(ref);
    if (o.kind !== 'array') throw new SandboxError('wrong kind', ref, 'not an array');
    return o.fields.length;
  }

  arrayGet(ref: GcRef, index: number, signed = false): FieldValue {
    const o = this.object(ref);
    if (o.kind !== 'array') throw new SandboxError('wrong kind', ref, 'not an array');
    return this.read(o, index, signed);
  }

  arraySet(_hostData: ExternRefHostDataTable, ref: GcRef, index: number, value: FieldValue): void {
    const o = this.object(ref);
    if (o.kind !== 'array') throw new SandboxError('wrong kind', ref, 'not an array');
    this.write(o, index, value);
  }

  /** The heap refs `o` holds (GC-edge fields by the oracles' own rule, `isGcEdge`), for marking and for oracles. */
  children(o: ModelGcObject): GcRef[] {
    if (o.kind === 'extern') return [];
    const out: GcRef[] = [];
    const t = this.types.get(o.type);
    if (t.kind === 'struct') {
      t.fields.forEach((f, i) => {
        const v = o.fields[i] as number;
        if (isGcEdge(this.types, f.storage) && v !== 0 && (v & 1) === 0) out.push(v);
      });
    } else if (t.kind === 'array' && isGcEdge(this.types, t.element.storage)) {
      for (const v of o.fields) if (v !== 0 && ((v as number) & 1) === 0) out.push(v as number);
    }
    return out;
  }

  /** Mark from the roots and sweep, in one step; reclaimed externrefs release their host data. */
  gc(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
    if (this.noGc > 0) throw new InvariantError('no-GC scope', `gc() at no-GC depth ${this.noGc}`);
    let done = false;
    const run = (): GcProgress => {
      if (done) return 'complete';
      done = true;
      const marked = new Set<GcRef>();
      const stack: GcRef[] = [];
      for (const r of roots) {
        const ref = r.get();
        if (ref !== 0 && (ref & 1) === 0) stack.push(ref);
      }
      while (stack.length > 0) {
        const ref = stack.pop()!;
        if (marked.has(ref)) continue;
        const o = this.object(ref);
        marked.add(ref);
        for (const c of this.children(o)) if (!marked.has(c)) stack.push(c);
      }
      for (const [ref, o] of this.objects) {
        if (marked.has(ref)) continue;
        this.objects.delete(ref);
        this.used -= o.kind === 'extern' ? 16 : sizeOf(o.fields.length);
        if (o.kind === 'extern') hostData.dealloc(o.hostDataId);
      }
      this.collections++;
      return 'complete';
    };
    return { collectIncrement: run, collect: () => void run() };
  }

  vmctxGcHeapBase(): ArrayBuffer {
    return new ArrayBuffer(0);
  }

  vmctxGcHeapBound(): number {
    return 0;
  }

  vmctxGcHeapData(): unknown {
    return this.objects;
  }

  grow(bytes: number): boolean {
    if (this.capacity + bytes > this.maxBytes) return false;
    this.capacity += bytes;
    return true;
  }

  reset(): void {
    this.objects.clear();
    this.used = 0;
    this.noGc = 0;
  }

  stats(): HeapStats {
    return { usedBytes: this.used, capacityBytes: this.capacity, objectCount: this.objects.size, collections: this.collections, counters: { allocs: this.allocs } };
  }

  forEachObject(visit: (ref: GcRef) => void): void {
    for (const ref of [...this.objects.keys()]) visit(ref);
  }

  /** Every traced field names a live object. */
  verifyIntegrity(): void {
    for (const o of this.objects.values()) {
      for (const c of this.children(o)) if (!this.objects.has(c)) throw new InvariantError('dangling ref field', `model object ${o.ref} -> ${c}`);
    }
  }
}

function defaultValue(st: StorageType): FieldValue {
  return st === 'i64' ? 0n : 0;
}

/** Estimated bytes of an object with `n` slots (header plus 8 per slot): only for capacity accounting. */
function sizeOf(n: number): number {
  return 16 + 8 * n;
}

/** The reference model as a collector: precise (reclaims everything unreachable), non-moving. */
export const modelCollector: GcRuntime = {
  name: 'model',
  reclaims: 'all',
  moving: false,
  newGcHeap(config: GcHeapConfig): GcHeap {
    return new ModelGcHeap(modelCollector, config);
  },
};
