import { SandboxError } from '../errors/SandboxError';
import { InvariantError } from '../errors/InvariantError';
import { OutOfMemoryError } from '../errors/OutOfMemoryError';
import type { GcRef } from './gcRef';
import { GcKind } from './gcKind';
import { MAX_OBJECT_SIZE } from './gcLayout';
import type { GcTypeRegistry } from './gcTypes';
import type { ExternRefHostDataTable } from './externRefHostDataTable';
import type { GcRefSlots, GcRootsList } from './gcRootsList';
import type { FieldValue, GarbageCollection, GcHeap, GcHeapConfig, GcRuntime, HeapStats } from './gcHeap';
import { HEAP_SIZE_ALIGN, HeapMemory, POISON_WORD } from './heapMemory';
import { POISON_BYTE } from './gcHeap';
import { TypeInfo, ST_F32, ST_F64, ST_FUNC, ST_I16, ST_I32, ST_I64, ST_I8, ST_REF } from './typeInfo';

/** Kind codes: a header word's top 6 bits (`word >>> 26`), i.e. `GcKind >>> 26`. */
export const K_EXTERN = GcKind.ExternRef >>> 26;
export const K_ARRAY = GcKind.ArrayRef >>> 26;
export const K_STRUCT = GcKind.StructRef >>> 26;
/** Exception objects: laid out as a struct of their exception layout type (field 0: tag identity, then the payload). */
export const K_EXN = GcKind.ExnRef >>> 26;
/** Kind code of a freed block's first word: all six kind bits set, which no GcKind uses. */
export const K_FREED = 0b111111;
/** First word written over a freed object when poisoning is off, so use-after-free is recognisable. */
export const FREED_WORD = (K_FREED << 26) >>> 0;
/** Low 26 header bits owned by the collector. */
export const COLLECTOR_BITS_MASK = (1 << 26) - 1;

/**
 * The parts of `GcHeap` every built-in collector shares: no-GC scopes, header validation, typed
 * struct/array field access (layouts cached per type for the collector's header size), allocation
 * front-ends, statistics and the integrity walk. A collector supplies its header size and
 * alignment, raw allocation, the extent check of its headers, the barriers and the collection.
 *
 * Sandbox promise (seed `GcHeap` safety section): every entry point that takes a ref runs
 * `checkObject` before touching the object, so a forged ref (out of bounds, misaligned, freed, an
 * i31, another heap's) raises SandboxError or, if it happens to land on a valid-looking object of
 * this heap, reads or writes stale bytes of this heap only. No host object is ever written into
 * the heap and the only host-data table touched is the one passed in by the caller.
 */
export abstract class GcHeapBase extends HeapMemory implements GcHeap {
  abstract readonly runtime: GcRuntime;
  protected readonly types: GcTypeRegistry;
  protected readonly poison: boolean;
  protected readonly checks: boolean;
  /** Bytes of the collector's header; struct fields and array lengths follow it. */
  protected readonly headerSize: number;
  /** Object alignment (8 or 16); `alignMask = align - 1`. */
  protected readonly alignMask: number;
  /** Lowest valid object index (index 0 is null; the first granule is reserved). */
  protected readonly firstObject: number;
  /** Size of an externref object before rounding: header then the u32 host-data id. */
  protected readonly externrefSize: number;
  /** Smallest object before rounding: room for the header and one u32 (array length, host id, forwarding ref). */
  protected readonly minObjectSize: number;

  private readonly infos: (TypeInfo | null | undefined)[] = [];
  /** The TypeInfo of the struct or array `checkObject` last validated (avoids a second lookup). */
  protected curInfo: TypeInfo | null = null;
  private noGcDepth = 0;
  /** True between two slices of an unfinished collection (copying); any other heap use abandons it. */
  protected gcPending = false;

  protected collectionsDone = 0;
  protected liveObjects = 0;
  protected nAllocs = 0;
  protected nClones = 0;
  protected nWrites = 0;
  protected nDrops = 0;
  protected nExposes = 0;

  constructor(config: GcHeapConfig, headerSize: number, align: number, firstObject: number) {
    super(config.initialBytes, config.maxBytes);
    this.types = config.types;
    this.poison = config.zeal?.poison ?? false;
    this.checks = config.zeal?.checks ?? false;
    this.headerSize = headerSize;
    this.alignMask = align - 1;
    this.firstObject = firstObject;
    this.externrefSize = headerSize + 4;
    this.minObjectSize = headerSize + 4;
  }

  // --- Collector hooks ------------------------------------------------------------------------

  /**
   * Allocate `size` bytes (before rounding) for an object with header word `kindWord` (kind bits
   * only) and type `ty`, zeroed, header written, one count for counting collectors. Returns 0 for
   * "collect and retry"; throws OutOfMemoryError when no collection could help.
   */
  protected abstract allocRaw(kindWord: number, ty: number, size: number): number;
  /**
   * Throws SandboxError unless the object at `ref` with first word `w0` and computed byte size
   * `size` lies inside this collector's allocated region and its collector bits agree with it.
   */
  protected abstract checkExtent(ref: number, w0: number, size: number): void;
  /** Write barrier for a ref field at byte address `addr` inside a validated object. */
  protected abstract writeRefField(hostData: ExternRefHostDataTable, addr: number, value: GcRef): void;
  /** Visit every allocated object in address order, without validation. */
  protected abstract walkObjects(visit: (ref: GcRef) => void): void;
  /** Collector-specific integrity checks (free list, stack-roots list, semi-spaces, poison). */
  protected abstract verifyCollector(): void;
  /**
   * Zeal checks run before every allocation: the allocator's own structures (free list,
   * stack-roots list, semi-space geometry), cheap enough to run per allocation. The full
   * `verifyIntegrity` (heap walk, poison scan) runs at every collection.
   */
  protected abstract verifyOnAllocation(): void;
  protected abstract usedBytes(): number;
  protected abstract capacityBytes(): number;
  /** The collector's own counters, as a fresh object (`stats` adds the barrier counters to it). */
  protected abstract collectorCounters(): Record<string, number>;
  /** Discard an unfinished collection (copying). The base never starts one. */
  protected abandonGc(): void {
    this.gcPending = false;
  }

  /** Forget statistics and no-GC scopes (with `reset`: the heap is as if fresh). */
  protected resetBase(): void {
    this.noGcDepth = 0;
    this.gcPending = false;
    this.collectionsDone = 0;
    this.liveObjects = 0;
    this.nAllocs = this.nClones = this.nWrites = this.nDrops = this.nExposes = 0;
  }

  // --- Seed: no-GC scopes ------------------------------------------------------------------------

  enterNoGcScope(): void {
    this.noGcDepth++;
  }

  exitNoGcScope(): void {
    if (this.noGcDepth === 0) throw new InvariantError('no-GC scope', 'exit without a matching enter');
    this.noGcDepth--;
  }

  get noGcScopeDepth(): number {
    return this.noGcDepth;
  }

  /** Seed `gc`: refuses inside a no-GC scope, abandons any unfinished collection, starts a new one. */
  gc(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
    if (this.noGcDepth > 0) throw new InvariantError('no-GC scope', `gc() at no-GC depth ${this.noGcDepth}`);
    if (this.gcPending) this.abandonGc();
    return this.startCollection(roots, hostData);
  }

  protected abstract startCollection(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection;

  // --- Types and validation ----------------------------------------------------------------------

  /** TypeInfo of a registered struct/array type, or null (unregistered or a function type). */
  protected infoFor(ty: number): TypeInfo | null {
    const cached = this.infos[ty];
    if (cached !== undefined) return cached;
    if ((ty >>> 0) !== ty || ty >= this.types.size) return null;
    const info = TypeInfo.build(this.types, ty, this.headerSize);
    this.infos[ty] = info;
    return info;
  }

  /**
   * Proves `ref` names an object of this heap that lies entirely in bounds, before any field is
   * touched; returns its kind code (K_STRUCT / K_ARRAY / K_EXTERN) and leaves the struct/array
   * TypeInfo in `curInfo`. Raises SandboxError: 'null', 'i31', 'misaligned', 'out of bounds',
   * 'freed' (free-block or poison header), 'bad header' (kind bits not one of the five kinds, or
   * kind and type index inconsistent, or collector bits disagreeing with the size).
   */
  protected checkObject(ref: number): number {
    if (this.gcPending) this.abandonGc();
    if ((ref >>> 0) !== ref) throw new SandboxError('out of bounds', ref >>> 0, `not a 32-bit index: ${String(ref)}`);
    if (ref === 0) throw new SandboxError('null', 0);
    if ((ref & 1) !== 0) throw new SandboxError('i31', ref);
    if ((ref & this.alignMask) !== 0) throw new SandboxError('misaligned', ref);
    if (ref < this.firstObject || ref + this.headerSize + 4 > this.bound) throw new SandboxError('out of bounds', ref);
    const w0 = this.u32[ref >>> 2]!;
    const k = w0 >>> 26;
    let size: number;
    if (k === K_STRUCT || k === K_EXN) {
      const info = this.infoFor(this.u32[(ref + 4) >>> 2]!);
      if (info === null || !info.isStruct) throw new SandboxError('bad header', ref, 'struct kind with a non-struct type index');
      this.curInfo = info;
      size = info.size;
    } else if (k === K_ARRAY) {
      const info = this.infoFor(this.u32[(ref + 4) >>> 2]!);
      if (info === null || info.isStruct) throw new SandboxError('bad header', ref, 'array kind with a non-array type index');
      this.curInfo = info;
      size = info.elemsOffset + this.u32[(ref + info.lengthOffset) >>> 2]! * info.elemSize;
    } else if (k === K_EXTERN) {
      if (this.u32[(ref + 4) >>> 2] !== 0) throw new SandboxError('bad header', ref, 'externref with a type index');
      size = this.externrefSize;
    } else if (k === K_FREED || w0 === POISON_WORD) {
      throw new SandboxError('freed', ref);
    } else {
      throw new SandboxError('bad header', ref, `kind bits 0b${k.toString(2)}`);
    }
    if (size > MAX_OBJECT_SIZE) throw new SandboxError('bad header', ref, `object size ${size} beyond the limit`);
    this.checkExtent(ref, w0, size);
    return k;
  }

  /** Bytes an object of computed `size` (at most MAX_OBJECT_SIZE) occupies: at least the minimum, rounded to the alignment. */
  protected allocSizeFor(size: number): number {
    return (Math.max(size, this.minObjectSize) + this.alignMask) & ~this.alignMask;
  }

  // --- Seed: header --------------------------------------------------------------------------------

  headerKind(ref: GcRef): number {
    this.checkObject(ref);
    return (this.u32[ref >>> 2]! & 0xfc000000) >>> 0;
  }

  headerType(ref: GcRef): number {
    this.checkObject(ref);
    return this.u32[(ref + 4) >>> 2]!;
  }

  // --- Allocation front-ends -------------------------------------------------------------------------

  allocExternref(hostDataId: number): GcRef | null {
    if ((hostDataId >>> 0) !== hostDataId || hostDataId === 0) throw new SandboxError('bad host data id', hostDataId >>> 0);
    if (this.gcPending) this.abandonGc();
    const ref = this.allocRaw(GcKind.ExternRef, 0, this.externrefSize);
    if (ref === 0) return null;
    this.u32[(ref + this.headerSize) >>> 2] = hostDataId;
    return ref;
  }

  externrefHostData(ref: GcRef): number {
    if (this.checkObject(ref) !== K_EXTERN) throw new SandboxError('wrong kind', ref, 'not an externref');
    return this.u32[(ref + this.headerSize) >>> 2]!;
  }

  allocStruct(typeIndex: number): GcRef | null {
    const info = this.infoFor(typeIndex);
    if (info === null || !info.isStruct) throw new InvariantError('allocStruct', `type ${typeIndex} is not a struct type`);
    if (this.gcPending) this.abandonGc();
    const ref = this.allocRaw(GcKind.StructRef, typeIndex, info.size);
    return ref === 0 ? null : ref;
  }

  allocExn(layoutType: number): GcRef | null {
    const info = this.infoFor(layoutType);
    if (info === null || !info.isStruct) throw new InvariantError('allocExn', `type ${layoutType} is not an exception layout (struct) type`);
    if (this.gcPending) this.abandonGc();
    const ref = this.allocRaw(GcKind.ExnRef, layoutType, info.size);
    return ref === 0 ? null : ref;
  }

  allocArray(typeIndex: number, length: number): GcRef | null {
    const info = this.infoFor(typeIndex);
    if (info === null || info.isStruct) throw new InvariantError('allocArray', `type ${typeIndex} is not an array type`);
    if ((length >>> 0) !== length) throw new InvariantError('allocArray', `bad length ${String(length)}`);
    const size = info.elemsOffset + length * info.elemSize;
    if (size > MAX_OBJECT_SIZE) throw new OutOfMemoryError(size, 'allocation too large');
    if (this.gcPending) this.abandonGc();
    const ref = this.allocRaw(GcKind.ArrayRef, typeIndex, size);
    if (ref === 0) return null;
    this.u32[(ref + info.lengthOffset) >>> 2] = length;
    return ref;
  }

  /** Zeal: throws InvariantError if `[start, start + size)` is not all poison (written while free). */
  protected verifyPoison(start: number, size: number, what: string): void {
    const bad = this.firstByteNot(start, size, this.poisonByte());
    if (bad >= 0) {
      throw new InvariantError('poison', `${what}: byte at ${bad} is 0x${this.u8[bad]!.toString(16)} in freed block [${start}, +${size})`);
    }
  }

  protected poisonByte(): number {
    return POISON_WORD & 0xff;
  }

  // --- Field access ------------------------------------------------------------------------------------

  /** The address of field `field` of a struct-like object of kind `k` (struct or exception), after `checkObject`; leaves its TypeInfo in `curInfo`. */
  private fieldAddr(ref: GcRef, k: number, field: number): number {
    if (this.checkObject(ref) !== k) throw new SandboxError('wrong kind', ref, k === K_STRUCT ? 'not a struct' : 'not an exception');
    const info = this.curInfo!;
    if ((field >>> 0) !== field || field >= info.fieldCodes.length) throw new SandboxError('field out of bounds', ref, `field ${field}`);
    return ref + info.fieldOffsets[field]!;
  }

  structGet(ref: GcRef, field: number, signed = false): FieldValue {
    const a = this.fieldAddr(ref, K_STRUCT, field);
    return this.readValue(a, this.curInfo!.fieldCodes[field]!, signed);
  }

  structSet(hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void {
    const a = this.fieldAddr(ref, K_STRUCT, field);
    this.writeValue(hostData, a, this.curInfo!.fieldCodes[field]!, value);
  }

  exnGet(ref: GcRef, field: number): FieldValue {
    const a = this.fieldAddr(ref, K_EXN, field);
    return this.readValue(a, this.curInfo!.fieldCodes[field]!, false);
  }

  exnSet(hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void {
    const a = this.fieldAddr(ref, K_EXN, field);
    this.writeValue(hostData, a, this.curInfo!.fieldCodes[field]!, value);
  }

  arrayLen(ref: GcRef): number {
    if (this.checkObject(ref) !== K_ARRAY) throw new SandboxError('wrong kind', ref, 'not an array');
    return this.u32[(ref + this.curInfo!.lengthOffset) >>> 2]!;
  }

  arrayGet(ref: GcRef, index: number, signed = false): FieldValue {
    if (this.checkObject(ref) !== K_ARRAY) throw new SandboxError('wrong kind', ref, 'not an array');
    const info = this.curInfo!;
    if ((index >>> 0) !== index || index >= this.u32[(ref + info.lengthOffset) >>> 2]!) {
      throw new SandboxError('field out of bounds', ref, `element ${index}`);
    }
    return this.readValue(ref + info.elemsOffset + index * info.elemSize, info.elemCode, signed);
  }

  getRange(ref: GcRef, start: number, count: number, out: FieldValue[]): void {
    const k = this.checkObject(ref);
    const info = this.curInfo!;
    if ((start >>> 0) !== start || (count >>> 0) !== count) throw new SandboxError('field out of bounds', ref, `fields ${start}..${start + count}`);
    if (k === K_ARRAY) {
      if (start + count > this.u32[(ref + info.lengthOffset) >>> 2]!) throw new SandboxError('field out of bounds', ref, `elements ${start}..${start + count}`);
      const base = ref + info.elemsOffset + start * info.elemSize;
      for (let i = 0; i < count; i++) out[i] = this.readValue(base + i * info.elemSize, info.elemCode, false);
      return;
    }
    if (k !== K_STRUCT && k !== K_EXN) throw new SandboxError('wrong kind', ref, 'not a struct, exception or array');
    if (start + count > info.fieldCodes.length) throw new SandboxError('field out of bounds', ref, `fields ${start}..${start + count}`);
    for (let i = 0; i < count; i++) out[i] = this.readValue(ref + info.fieldOffsets[start + i]!, info.fieldCodes[start + i]!, false);
  }

  arraySet(hostData: ExternRefHostDataTable, ref: GcRef, index: number, value: FieldValue): void {
    if (this.checkObject(ref) !== K_ARRAY) throw new SandboxError('wrong kind', ref, 'not an array');
    const info = this.curInfo!;
    if ((index >>> 0) !== index || index >= this.u32[(ref + info.lengthOffset) >>> 2]!) {
      throw new SandboxError('field out of bounds', ref, `element ${index}`);
    }
    this.writeValue(hostData, ref + info.elemsOffset + index * info.elemSize, info.elemCode, value);
  }

  /** Reads a value at a byte address inside a validated object; the address is aligned by layout. */
  private readValue(addr: number, code: number, signed: boolean): FieldValue {
    switch (code) {
      case ST_I8: return signed ? this.i8[addr]! : this.u8[addr]!;
      case ST_I16: return signed ? this.i16[addr >>> 1]! : this.u16[addr >>> 1]!;
      case ST_I32: return this.i32[addr >>> 2]!;
      case ST_I64: return this.i64[addr >>> 3]!;
      case ST_F64: return this.f64[addr >>> 3]!;
      default: return this.u32[addr >>> 2]!; // f32 bits, GC refs, function ids
    }
  }

  private writeValue(hostData: ExternRefHostDataTable, addr: number, code: number, value: FieldValue): void {
    if (code === ST_I64) {
      if (typeof value !== 'bigint') throw new InvariantError('field value', `i64 field needs a bigint, got ${typeof value}`);
      this.i64[addr >>> 3] = value;
      return;
    }
    if (typeof value !== 'number') throw new InvariantError('field value', `field needs a number, got ${typeof value}`);
    switch (code) {
      case ST_I8: this.u8[addr] = value; return;
      case ST_I16: this.u16[addr >>> 1] = value; return;
      case ST_I32: case ST_F32: case ST_FUNC: this.u32[addr >>> 2] = value; return;
      case ST_F64: this.f64[addr >>> 3] = value; return;
      case ST_REF: this.nWrites++; this.writeRefField(hostData, addr, value >>> 0); return;
    }
  }

  // --- Barriers (collectors override) -------------------------------------------------------------------

  abstract cloneGcRef(ref: GcRef): GcRef;
  abstract writeGcRef(hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void;
  abstract dropGcRef(hostData: ExternRefHostDataTable, ref: GcRef): void;
  abstract exposeGcRefToWasm(ref: GcRef): void;
  abstract readBarrierToWasm(ref: GcRef): void;
  abstract needGcBeforeEnteringWasm(numGcRefs: number): boolean;

  // --- Memory --------------------------------------------------------------------------------------------

  vmctxGcHeapBase(): ArrayBuffer {
    return this.buffer;
  }

  vmctxGcHeapBound(): number {
    return this.bound;
  }

  /** No JIT code reads collector data here (the interpreter calls the heap's methods), so null. */
  vmctxGcHeapData(): unknown {
    return null;
  }

  abstract grow(bytes: number): boolean;

  /**
   * Extends the buffer to `newBound` bytes (rounded up to HEAP_SIZE_ALIGN), poisoning the new
   * bytes under zeal; false, with nothing changed, past the maximum (seed: `GcHeap::grow`, which
   * reports failure rather than trapping). A bound at or below the current one changes nothing.
   */
  protected extendBound(newBound: number): boolean {
    const aligned = Math.ceil(newBound / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN;
    if (aligned > this.maxBound) return false;
    const old = this.bound;
    if (aligned <= old) return true;
    this.resizeBuffer(aligned);
    if (this.poison) this.u8.fill(POISON_BYTE, old, aligned);
    return true;
  }
  abstract reset(): void;

  // --- Introspection -------------------------------------------------------------------------------------

  /**
   * The oracles call this after every op and every marking slice, so the counters are the
   * collector's own object with the barrier counters added to it: one object of one shape per
   * collector class (a spread after literal keys copies key by key into a fresh object, which
   * cost more than the op being checked).
   */
  stats(): HeapStats {
    const counters = this.collectorCounters();
    counters['allocs'] = this.nAllocs;
    counters['cloneGcRef'] = this.nClones;
    counters['writeGcRef'] = this.nWrites;
    counters['dropGcRef'] = this.nDrops;
    counters['exposeGcRefToWasm'] = this.nExposes;
    return { usedBytes: this.usedBytes(), capacityBytes: this.capacityBytes(), objectCount: this.liveObjects, collections: this.collectionsDone, counters };
  }

  forEachObject(visit: (ref: GcRef) => void): void {
    if (this.gcPending) this.abandonGc();
    this.walkObjects(visit);
  }

  /**
   * Runs the collector's own checks, then walks every object: each must pass `checkObject`, every
   * traced field must be null, an i31 or a valid object (a dangling field is a use-after-free in
   * the making), and the object count must match. Throws InvariantError naming the first corruption.
   */
  verifyIntegrity(): void {
    if (this.gcPending) this.abandonGc();
    this.verifyCollector();
    this.integrityObjects = 0;
    this.walkObjects(this.verifyWalkedObject);
    const n = this.integrityObjects;
    if (n !== this.liveObjects) throw new InvariantError('object count', `walk found ${n}, counter says ${this.liveObjects}`);
  }

  /** `verifyIntegrity`'s per-object and per-field checks, made once per heap (zeal runs them at every collection). */
  private integrityObjects = 0;
  private integrityRef = 0;
  private readonly verifyWalkedObject = (ref: number): void => {
    this.integrityObjects++;
    let k: number;
    try {
      k = this.checkObject(ref);
    } catch (e) {
      throw new InvariantError('heap walk', `object at ${ref}: ${(e as Error).message}`);
    }
    this.integrityRef = ref;
    this.forEachRefField(ref, k, this.verifyRefField);
  };
  private readonly verifyRefField = (v: GcRef, addr: number): void => {
    if (v === 0 || (v & 1) === 1) return;
    try {
      this.checkObject(v);
    } catch (e) {
      const ref = this.integrityRef;
      throw new InvariantError('dangling ref field', `object ${ref} field at ${addr - ref} -> ${v}: ${(e as Error).message}`);
    }
  };

  /** Calls `visit(value, addr)` for each traced ref field of a validated object of kind `k`. */
  protected forEachRefField(ref: number, k: number, visit: (value: GcRef, addr: number) => void): void {
    if (k === K_STRUCT || k === K_EXN) {
      const offs = this.curInfo!.refOffsets;
      for (let i = 0; i < offs.length; i++) visit(this.u32[(ref + offs[i]!) >>> 2]!, ref + offs[i]!);
    } else if (k === K_ARRAY) {
      const info = this.curInfo!;
      if (info.elemCode !== ST_REF) return;
      const len = this.u32[(ref + info.lengthOffset) >>> 2]!;
      const base = ref + info.elemsOffset;
      for (let i = 0; i < len; i++) visit(this.u32[(base >>> 2) + i]!, base + 4 * i);
    }
  }
}
