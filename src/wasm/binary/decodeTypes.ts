import type {
  BlockType,
  CompType,
  FieldType,
  GlobalType,
  HeapType,
  Limits,
  MemType,
  RecType,
  RefType,
  StorageType,
  SubType,
  TableType,
  ValType,
} from '../syntax/types';
import { explicitRecGroups, explicitSubTypes, longFormRefTypes } from './binaryLayout';
import type { ByteReader } from './byteReader';
import {
  ARRAY_TYPE,
  CODE_TO_ABS_HEAP_TYPE,
  CODE_TO_NUM_TYPE,
  CODE_TO_PACKED_TYPE,
  EMPTY_BLOCK_TYPE,
  FUNC_TYPE,
  OUT_OF_SCOPE_TYPE_CODE,
  REC_GROUP,
  REF_NONNULL,
  REF_NULLABLE,
  STRUCT_TYPE,
  SUB_FINAL,
  SUB_OPEN,
  unsupported,
} from './typeCodes';

/** Fail for an out-of-scope type code, if `code` is one. */
function rejectOutOfScope(r: ByteReader, code: number, at: number): void {
  const feature = OUT_OF_SCOPE_TYPE_CODE.get(code);
  if (feature !== undefined) r.fail(unsupported(feature), at);
}

/** Spec 5.3.3 heap types: an abstract type code or a non-negative s33 type index. */
export function readHeapType(r: ByteReader): HeapType {
  const at = r.pos;
  const v = r.s33();
  if (v >= 0) return v;
  const code = v + 0x80;
  if (v >= -0x40) {
    const abs = CODE_TO_ABS_HEAP_TYPE.get(code);
    if (abs !== undefined) return abs;
    rejectOutOfScope(r, code, at);
  }
  return r.fail('malformed heap type', at);
}

/** Spec 5.3.4 reference types: `0x64 ht`, `0x63 ht`, or a nullable abstract shorthand. */
export function readRefType(r: ByteReader): RefType {
  const at = r.pos;
  const b = r.u8();
  if (b === REF_NONNULL) return { kind: 'ref', nullable: false, heap: readHeapType(r) };
  if (b === REF_NULLABLE) {
    const t: RefType = { kind: 'ref', nullable: true, heap: readHeapType(r) };
    if (typeof t.heap === 'string') longFormRefTypes.add(t);
    return t;
  }
  const abs = CODE_TO_ABS_HEAP_TYPE.get(b);
  if (abs !== undefined) return { kind: 'ref', nullable: true, heap: abs };
  rejectOutOfScope(r, b, at);
  return r.fail('malformed reference type', at);
}

/** Spec 5.3.5 value types. */
export function readValType(r: ByteReader): ValType {
  const b = r.peek();
  const num = b === undefined ? undefined : CODE_TO_NUM_TYPE.get(b);
  if (num !== undefined) {
    r.pos++;
    return num;
  }
  if (b === 0x7b) r.fail(unsupported('SIMD'));
  const at = r.pos;
  if (b !== undefined && b !== REF_NONNULL && b !== REF_NULLABLE && !CODE_TO_ABS_HEAP_TYPE.has(b)) {
    rejectOutOfScope(r, b, at);
    r.fail('malformed value type', at);
  }
  return readRefType(r);
}

/** Spec 5.3.5 result types: vec(valtype). */
export function readValTypes(r: ByteReader): ValType[] {
  const n = r.len32();
  const out: ValType[] = [];
  for (let i = 0; i < n; i++) out.push(readValType(r));
  return out;
}

function readStorageType(r: ByteReader): StorageType {
  const b = r.peek();
  const packed = b === undefined ? undefined : CODE_TO_PACKED_TYPE.get(b);
  if (packed !== undefined) {
    r.pos++;
    return packed;
  }
  return readValType(r);
}

function readMutability(r: ByteReader): boolean {
  const at = r.pos;
  const b = r.u8();
  if (b > 1) r.fail('malformed mutability', at);
  return b === 1;
}

function readFieldType(r: ByteReader): FieldType {
  const storage = readStorageType(r);
  return { storage, mutable: readMutability(r) };
}

/** Spec 5.3.8 composite types: func 0x60, struct 0x5F, array 0x5E. */
export function readCompType(r: ByteReader): CompType {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case FUNC_TYPE: {
      const params = readValTypes(r);
      return { kind: 'func', params, results: readValTypes(r) };
    }
    case STRUCT_TYPE: {
      const n = r.len32();
      const fields: FieldType[] = [];
      for (let i = 0; i < n; i++) fields.push(readFieldType(r));
      return { kind: 'struct', fields };
    }
    case ARRAY_TYPE:
      return { kind: 'array', element: readFieldType(r) };
    default:
      rejectOutOfScope(r, b, at);
      return r.fail('malformed definition type', at);
  }
}

/** Spec 5.3.9 sub types: `0x50 vec(typeidx) comptype`, `0x4F vec(typeidx) comptype`, or a bare comptype (final, no supertypes). */
export function readSubType(r: ByteReader): SubType {
  const b = r.peek();
  if (b === SUB_OPEN || b === SUB_FINAL) {
    r.pos++;
    const n = r.len32();
    const supertypes: number[] = [];
    for (let i = 0; i < n; i++) supertypes.push(r.u32());
    const composite = readCompType(r);
    const sub: SubType = { final: b === SUB_FINAL, supertypes, composite };
    if (sub.final && supertypes.length === 0) explicitSubTypes.add(sub);
    return sub;
  }
  return { final: true, supertypes: [], composite: readCompType(r) };
}

/** Spec 5.3.10 recursive types: `0x4E vec(subtype)` or a lone sub type. */
export function readRecType(r: ByteReader): RecType {
  if (r.peek() === REC_GROUP) {
    r.pos++;
    const n = r.len32();
    const subtypes: SubType[] = [];
    for (let i = 0; i < n; i++) subtypes.push(readSubType(r));
    const rec: RecType = { subtypes };
    if (n === 1) explicitRecGroups.add(rec);
    return rec;
  }
  return { subtypes: [readSubType(r)] };
}

/**
 * Spec 5.3.11 limits: flags 0x00 (min) or 0x01 (min, max); the 64-bit (0x04, 0x05) forms are
 * memory64 and the shared (0x02, 0x03) forms are threads, both out of scope. Bounds are read as u64 (spec 3.0), so an oversized 32-bit limit
 * decodes and is left to validation; bounds above 2^53 are rounded to the nearest double.
 */
export function readLimits(r: ByteReader): Limits {
  const at = r.pos;
  const flags = r.u8();
  if (flags === 0x04 || flags === 0x05) r.fail(unsupported('memory64'), at);
  if (flags === 0x02 || flags === 0x03) r.fail(unsupported('threads'), at);
  if (flags > 1) r.fail('malformed limits flags', at);
  const min = r.u64AsNumber();
  return flags === 1 ? { min, max: r.u64AsNumber() } : { min };
}

/** Spec 5.3.12 table types: reftype limits. */
export function readTableType(r: ByteReader): TableType {
  const element = readRefType(r);
  return { element, limits: readLimits(r) };
}

/** Spec 5.3.13 memory types. */
export function readMemType(r: ByteReader): MemType {
  return { limits: readLimits(r) };
}

/** Spec 5.3.14 global types: valtype mut. */
export function readGlobalType(r: ByteReader): GlobalType {
  const type = readValType(r);
  return { type, mutable: readMutability(r) };
}

/** Spec 5.4.1 block types: 0x40, a value type, or a non-negative s33 type index. */
export function readBlockType(r: ByteReader): BlockType {
  const b = r.peek();
  if (b === EMPTY_BLOCK_TYPE) {
    r.pos++;
    return { kind: 'empty' };
  }
  if (b !== undefined && (b & 0xc0) === 0x40) return { kind: 'value', type: readValType(r) };
  const at = r.pos;
  const index = r.s33();
  if (index < 0) r.fail('malformed block type', at);
  return { kind: 'index', index };
}
