import { InvariantError } from '../../errors/InvariantError';
import { opcodeByName } from '../opcodeTable';
import type { BlockType, HeapType, RefType, ValType } from '../syntax/types';
import type { BrOnCastImm, BrTableImm, CatchClause, ImmKind, ImmValue, Instr, MemArg } from '../syntax/instructions';
import { f64ImmBits } from '../syntax/f64Bits';
import type { ByteWriter } from './byteWriter';
import { exactOffsets, explicitMemIndex } from './binaryLayout';
import { writeBlockType, writeHeapType, writeRefType, writeValTypes } from './encodeTypes';

function bad(kind: ImmKind, v: ImmValue): never {
  throw new InvariantError('immediate does not match its kind', `${kind}: ${String(v)}`);
}

function asNumber(kind: ImmKind, v: ImmValue): number {
  return typeof v === 'number' ? v : bad(kind, v);
}

function asObject<T>(kind: ImmKind, v: ImmValue): T {
  return typeof v === 'object' ? (v as T) : bad(kind, v);
}

/** Write one immediate of `kind` (see ImmKind). Throws InvariantError if the value has the wrong shape. */
export function writeImm(w: ByteWriter, kind: ImmKind, v: ImmValue): void {
  switch (kind) {
    case 'idx':
      w.u32(asNumber(kind, v));
      return;
    case 'i32':
      w.sN(asNumber(kind, v));
      return;
    case 'i64':
      if (typeof v !== 'bigint') bad(kind, v);
      w.s64(v);
      return;
    case 'f32':
      w.fixed32(asNumber(kind, v));
      return;
    case 'f64':
      if (typeof v !== 'bigint' && typeof v !== 'number') bad(kind, v);
      w.f64Bits(f64ImmBits(v));
      return;
    case 'blocktype':
      writeBlockType(w, asObject<BlockType>(kind, v));
      return;
    case 'memarg': {
      const m = asObject<MemArg>(kind, v);
      if (!Number.isInteger(m.offset) || m.offset < 0) bad(kind, v);
      if (explicitMemIndex.has(m)) {
        w.u32(m.align | 0x40);
        w.u32(0);
      } else {
        w.u32(m.align);
      }
      // An offset rounded up past u64 (decoded from one near 2^64, with no exact hint) writes as u64 max.
      w.u64(exactOffsets.get(m) ?? (m.offset >= 2 ** 64 ? (1n << 64n) - 1n : BigInt(m.offset)));
      return;
    }
    case 'heaptype':
      writeHeapType(w, typeof v === 'number' || typeof v === 'string' ? (v as HeapType) : bad(kind, v));
      return;
    case 'reftype':
      writeRefType(w, asObject<RefType>(kind, v));
      return;
    case 'valtypes':
      if (!Array.isArray(v)) bad(kind, v);
      writeValTypes(w, v as readonly ValType[]);
      return;
    case 'brtable': {
      const t = asObject<BrTableImm>(kind, v);
      w.u32(t.labels.length);
      for (const l of t.labels) w.u32(l);
      w.u32(t.defaultLabel);
      return;
    }
    case 'brOnCast': {
      const c = asObject<BrOnCastImm>(kind, v);
      w.u8((c.from.nullable ? 1 : 0) | (c.to.nullable ? 2 : 0));
      w.u32(c.label);
      writeHeapType(w, c.from.heap);
      writeHeapType(w, c.to.heap);
      return;
    }
    case 'catches': {
      if (!Array.isArray(v)) bad(kind, v);
      const cs = v as readonly CatchClause[];
      w.u32(cs.length);
      for (const c of cs) {
        w.u8(CATCH_CODE[c.kind]);
        if (c.kind === 'catch' || c.kind === 'catch_ref') w.u32(c.tag ?? 0);
        w.u32(c.label);
      }
      return;
    }
    case 'zero':
      w.u8(0);
      return;
  }
}

const CATCH_CODE = { catch: 0, catch_ref: 1, catch_all: 2, catch_all_ref: 3 } as const;

/** Write one instruction (spec 5.4): opcode (prefix and LEB128 sub-opcode if any) and immediates. */
export function writeInstr(w: ByteWriter, instr: Instr): void {
  const e = opcodeByName(instr.op);
  if (e.prefix === undefined) {
    w.u8(e.code);
  } else {
    w.u8(e.prefix);
    w.u32(e.code);
  }
  if (instr.imm.length !== e.imm.length) {
    throw new InvariantError('wrong number of immediates', `${instr.op}: ${instr.imm.length} for ${e.imm.length}`);
  }
  for (let i = 0; i < e.imm.length; i++) writeImm(w, e.imm[i]!, instr.imm[i]!);
}

/** Write an expression (spec 5.4.9): its instructions and the closing `end`. */
export function writeExpr(w: ByteWriter, body: readonly Instr[]): void {
  for (const i of body) writeInstr(w, i);
  w.u8(0x0b);
}
