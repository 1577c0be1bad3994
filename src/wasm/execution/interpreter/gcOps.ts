import type { GcTypeRegistry, StorageType } from '../../../runtime/gcTypes';
import { storageSize } from '../../../runtime/gcLayout';
import type { FieldValue } from '../../../runtime/gcHeap';
import { InvariantError } from '../../../errors/InvariantError';
import type { WasmStore } from '../wasmStore';
import type { DataInstance } from '../dataInstance';
import type { ElemInstance } from '../elemInstance';
import { asAllocationTrap, trapArrayOob, trapMemoryOob, trapNullArray, trapTableOob } from './traps';
import { arrayCopyRange, arrayFillRange } from '../arrayBulkOps';

/**
 * The GC instructions with more than a few lines of semantics (spec 4.4.7), on the interpreter's
 * stack lanes: `num` (numbers, GcRefs, function ids) and `big` (i64). Each takes the stack pointer
 * and returns the new one. Allocation is a safepoint: operands stay on the stack (reported by the
 * frame's stack map) until the allocation returns and are read only afterwards; a fresh object is
 * handed to Wasm with `exposeGcRefToWasm`; field writes go through `structSet`/`arraySet` (the
 * heap's write barrier for ref fields).
 */

/** Lane and byte layout facts about a canonical struct/array type, cached per id. */
interface TypeFacts {
  /** Struct: 1 per i64 field (bigint lane). */
  readonly fieldI64: Uint8Array;
  /** Array: element storage and its byte size (for data segments). */
  readonly elem: StorageType | null;
  readonly elemSize: number;
}

const factsCache = new WeakMap<GcTypeRegistry, TypeFacts[]>();

function facts(types: GcTypeRegistry, typeId: number): TypeFacts {
  let byId = factsCache.get(types);
  if (byId === undefined) factsCache.set(types, (byId = []));
  let f = byId[typeId];
  if (f === undefined) {
    const t = types.get(typeId);
    if (t.kind === 'struct') {
      f = { fieldI64: Uint8Array.from(t.fields.map((x) => (x.storage === 'i64' ? 1 : 0))), elem: null, elemSize: 0 };
    } else if (t.kind === 'array') {
      f = { fieldI64: new Uint8Array(0), elem: t.element.storage, elemSize: storageSize(t.element.storage) };
    } else {
      throw new InvariantError('gcOps', `type ${typeId} is a function type`);
    }
    byId[typeId] = f;
  }
  return f;
}

function allocStruct(ws: WasmStore, typeId: number): number {
  try {
    return ws.store.allocStruct(typeId);
  } catch (e) {
    throw asAllocationTrap(e);
  }
}

function allocArray(ws: WasmStore, typeId: number, length: number): number {
  try {
    return ws.store.allocArray(typeId, length);
  } catch (e) {
    throw asAllocationTrap(e);
  }
}

/** `struct.new x`: fields from the top `n` operands. */
export function structNew(ws: WasmStore, num: Float64Array, big: bigint[], sp: number, typeId: number): number {
  const fi = facts(ws.types, typeId).fieldI64;
  const ref = allocStruct(ws, typeId);
  const heap = ws.heap;
  const hostData = ws.hostData;
  const base = sp - fi.length;
  for (let i = 0; i < fi.length; i++) heap.structSet(hostData, ref, i, fi[i] === 1 ? big[base + i]! : num[base + i]!);
  heap.exposeGcRefToWasm(ref);
  num[base] = ref;
  return base + 1;
}

/** `struct.new_default x`. */
export function structNewDefault(ws: WasmStore, num: Float64Array, sp: number, typeId: number): number {
  const ref = allocStruct(ws, typeId);
  ws.heap.exposeGcRefToWasm(ref);
  num[sp] = ref;
  return sp + 1;
}

/** `array.new x` (`i64`: the initial value is in the bigint lane): operands [value, length]. */
export function arrayNew(ws: WasmStore, num: Float64Array, big: bigint[], sp: number, typeId: number, i64: boolean): number {
  const n = num[sp - 1]! >>> 0;
  const ref = allocArray(ws, typeId, n);
  const v: FieldValue = i64 ? big[sp - 2]! : num[sp - 2]!;
  const heap = ws.heap;
  const hostData = ws.hostData;
  for (let i = 0; i < n; i++) heap.arraySet(hostData, ref, i, v);
  heap.exposeGcRefToWasm(ref);
  num[sp - 2] = ref;
  return sp - 1;
}

/** `array.new_default x`: operand [length]. */
export function arrayNewDefault(ws: WasmStore, num: Float64Array, sp: number, typeId: number): number {
  const ref = allocArray(ws, typeId, num[sp - 1]! >>> 0);
  ws.heap.exposeGcRefToWasm(ref);
  num[sp - 1] = ref;
  return sp;
}

/** `array.new_fixed x n`: elements from the top `n` operands. */
export function arrayNewFixed(ws: WasmStore, num: Float64Array, big: bigint[], sp: number, typeId: number, n: number, i64: boolean): number {
  const ref = allocArray(ws, typeId, n);
  const heap = ws.heap;
  const hostData = ws.hostData;
  const base = sp - n;
  for (let i = 0; i < n; i++) heap.arraySet(hostData, ref, i, i64 ? big[base + i]! : num[base + i]!);
  heap.exposeGcRefToWasm(ref);
  num[base] = ref;
  return base + 1;
}

/** Element `i` of a numeric array stored little-endian in `bytes` at `at` (spec 4.4.7 array.new_data). */
function readDataElem(view: DataView, at: number, elem: StorageType): FieldValue {
  switch (elem) {
    case 'i8': return view.getUint8(at);
    case 'i16': return view.getUint16(at, true);
    case 'i32': return view.getInt32(at, true);
    case 'f32': return view.getUint32(at, true);
    case 'i64': return view.getBigInt64(at, true);
    case 'f64': return view.getFloat64(at, true);
    default: throw new InvariantError('gcOps', 'reference array initialised from data');
  }
}

function dataView(d: DataInstance): DataView {
  return new DataView(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength);
}

/** `array.new_data x y`: operands [offset, length]. */
export function arrayNewData(ws: WasmStore, num: Float64Array, sp: number, typeId: number, data: DataInstance): number {
  const { elem, elemSize } = facts(ws.types, typeId);
  const s = num[sp - 2]! >>> 0;
  const n = num[sp - 1]! >>> 0;
  if (s + n * elemSize > data.bytes.length) throw trapMemoryOob();
  const ref = allocArray(ws, typeId, n);
  const view = dataView(data);
  const heap = ws.heap;
  const hostData = ws.hostData;
  for (let i = 0; i < n; i++) heap.arraySet(hostData, ref, i, readDataElem(view, s + i * elemSize, elem!));
  heap.exposeGcRefToWasm(ref);
  num[sp - 2] = ref;
  return sp - 1;
}

/** `array.new_elem x y`: operands [offset, length]; elements come from the segment's counted slots. */
export function arrayNewElem(ws: WasmStore, num: Float64Array, sp: number, typeId: number, seg: ElemInstance): number {
  const s = num[sp - 2]! >>> 0;
  const n = num[sp - 1]! >>> 0;
  if (s + n > seg.length) throw trapTableOob();
  const ref = allocArray(ws, typeId, n);
  const heap = ws.heap;
  const hostData = ws.hostData;
  const refs = seg.refs; // read after the allocation: a moving collector may have rewritten it
  for (let i = 0; i < n; i++) heap.arraySet(hostData, ref, i, refs[s + i]!);
  heap.exposeGcRefToWasm(ref);
  num[sp - 2] = ref;
  return sp - 1;
}

/** `array.fill x`: operands [array, offset, value, length] (checks and writes: `arrayFillRange`). */
export function arrayFill(ws: WasmStore, num: Float64Array, big: bigint[], sp: number, i64: boolean): number {
  arrayFillRange(ws.heap, ws.hostData, num[sp - 4]!, num[sp - 3]! >>> 0, i64 ? big[sp - 2]! : num[sp - 2]!, num[sp - 1]! >>> 0);
  return sp - 4;
}

/** `array.copy x y`: operands [dst, d, src, s, n] (checks and overlap-safe copy: `arrayCopyRange`). */
export function arrayCopy(ws: WasmStore, num: Float64Array, sp: number): number {
  arrayCopyRange(ws.heap, ws.hostData, num[sp - 5]!, num[sp - 4]! >>> 0, num[sp - 3]!, num[sp - 2]! >>> 0, num[sp - 1]! >>> 0);
  return sp - 5;
}

/** `array.init_data x y`: operands [array, d, s, n]. */
export function arrayInitData(ws: WasmStore, num: Float64Array, sp: number, typeId: number, data: DataInstance): number {
  const ref = num[sp - 4]!;
  const d = num[sp - 3]! >>> 0;
  const s = num[sp - 2]! >>> 0;
  const n = num[sp - 1]! >>> 0;
  if (ref === 0) throw trapNullArray();
  const heap = ws.heap;
  if (d + n > heap.arrayLen(ref)) throw trapArrayOob();
  const { elem, elemSize } = facts(ws.types, typeId);
  if (s + n * elemSize > data.bytes.length) throw trapMemoryOob();
  const view = dataView(data);
  const hostData = ws.hostData;
  for (let i = 0; i < n; i++) heap.arraySet(hostData, ref, d + i, readDataElem(view, s + i * elemSize, elem!));
  return sp - 4;
}

/** `array.init_elem x y`: operands [array, d, s, n]. */
export function arrayInitElem(ws: WasmStore, num: Float64Array, sp: number, seg: ElemInstance): number {
  const ref = num[sp - 4]!;
  const d = num[sp - 3]! >>> 0;
  const s = num[sp - 2]! >>> 0;
  const n = num[sp - 1]! >>> 0;
  if (ref === 0) throw trapNullArray();
  const heap = ws.heap;
  if (d + n > heap.arrayLen(ref)) throw trapArrayOob();
  if (s + n > seg.length) throw trapTableOob();
  const hostData = ws.hostData;
  for (let i = 0; i < n; i++) heap.arraySet(hostData, ref, d + i, seg.refs[s + i]!);
  return sp - 4;
}
