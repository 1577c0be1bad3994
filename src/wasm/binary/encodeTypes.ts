import type {
  BlockType,
  CompType,
  FieldType,
  GlobalType,
  HeapType,
  Limits,
  RecType,
  RefType,
  StorageType,
  SubType,
  TableType,
  ValType,
} from '../syntax/types';
import { explicitRecGroups, explicitSubTypes, longFormRefTypes } from './binaryLayout';
import type { ByteWriter } from './byteWriter';
import {
  ABS_HEAP_TYPE_CODE,
  ARRAY_TYPE,
  EMPTY_BLOCK_TYPE,
  FUNC_TYPE,
  NUM_TYPE_CODE,
  PACKED_TYPE_CODE,
  REC_GROUP,
  REF_NONNULL,
  REF_NULLABLE,
  STRUCT_TYPE,
  SUB_FINAL,
  SUB_OPEN,
} from './typeCodes';

/** Spec 5.3.3: an abstract heap type as its one-byte code, a type index as s33. */
export function writeHeapType(w: ByteWriter, ht: HeapType): void {
  if (typeof ht === 'number') w.sN(ht);
  else w.u8(ABS_HEAP_TYPE_CODE[ht]);
}

/** Spec 5.3.4: nullable abstract reference types use their shorthand byte (unless decoded from the long form). */
export function writeRefType(w: ByteWriter, t: RefType): void {
  if (t.nullable && typeof t.heap === 'string' && !longFormRefTypes.has(t)) {
    w.u8(ABS_HEAP_TYPE_CODE[t.heap]);
    return;
  }
  w.u8(t.nullable ? REF_NULLABLE : REF_NONNULL);
  writeHeapType(w, t.heap);
}

export function writeValType(w: ByteWriter, t: ValType): void {
  if (typeof t === 'string') w.u8(NUM_TYPE_CODE[t]);
  else writeRefType(w, t);
}

export function writeValTypes(w: ByteWriter, ts: readonly ValType[]): void {
  w.u32(ts.length);
  for (const t of ts) writeValType(w, t);
}

function writeStorageType(w: ByteWriter, t: StorageType): void {
  if (t === 'i8' || t === 'i16') w.u8(PACKED_TYPE_CODE[t]);
  else writeValType(w, t);
}

function writeFieldType(w: ByteWriter, f: FieldType): void {
  writeStorageType(w, f.storage);
  w.u8(f.mutable ? 1 : 0);
}

export function writeCompType(w: ByteWriter, c: CompType): void {
  switch (c.kind) {
    case 'func':
      w.u8(FUNC_TYPE);
      writeValTypes(w, c.params);
      writeValTypes(w, c.results);
      return;
    case 'struct':
      w.u8(STRUCT_TYPE);
      w.u32(c.fields.length);
      for (const f of c.fields) writeFieldType(w, f);
      return;
    case 'array':
      w.u8(ARRAY_TYPE);
      writeFieldType(w, c.element);
      return;
  }
}

/** Spec 5.3.9: a final sub type without supertypes is written as its bare composite type (unless decoded with a prefix). */
export function writeSubType(w: ByteWriter, s: SubType): void {
  if (s.final && s.supertypes.length === 0 && !explicitSubTypes.has(s)) {
    writeCompType(w, s.composite);
    return;
  }
  w.u8(s.final ? SUB_FINAL : SUB_OPEN);
  w.u32(s.supertypes.length);
  for (const x of s.supertypes) w.u32(x);
  writeCompType(w, s.composite);
}

/** Spec 5.3.10: a group of exactly one sub type is written without the 0x4E wrapper (unless decoded with it). */
export function writeRecType(w: ByteWriter, r: RecType): void {
  if (r.subtypes.length === 1 && !explicitRecGroups.has(r)) {
    writeSubType(w, r.subtypes[0]!);
    return;
  }
  w.u8(REC_GROUP);
  w.u32(r.subtypes.length);
  for (const s of r.subtypes) writeSubType(w, s);
}

export function writeLimits(w: ByteWriter, l: Limits): void {
  if (l.max === undefined) {
    w.u8(0x00);
    w.u32(l.min);
  } else {
    w.u8(0x01);
    w.u32(l.min);
    w.u32(l.max);
  }
}

export function writeTableType(w: ByteWriter, t: TableType): void {
  writeRefType(w, t.element);
  writeLimits(w, t.limits);
}

export function writeGlobalType(w: ByteWriter, g: GlobalType): void {
  writeValType(w, g.type);
  w.u8(g.mutable ? 1 : 0);
}

export function writeBlockType(w: ByteWriter, b: BlockType): void {
  switch (b.kind) {
    case 'empty':
      w.u8(EMPTY_BLOCK_TYPE);
      return;
    case 'value':
      writeValType(w, b.type);
      return;
    case 'index':
      w.sN(b.index);
      return;
  }
}
