import { OPCODES, opcodeByCode, outOfScopeFeature, type OpcodeEntry } from '../opcodeTable';
import type { BrOnCastImm, BrTableImm, CatchClause, ImmKind, ImmValue, Instr, MemArg } from '../syntax/instructions';
import type { ByteReader } from './byteReader';
import { readBlockType, readHeapType, readRefType, readValTypes } from './decodeTypes';
import { unsupported } from './typeCodes';
import { exactOffsets, explicitMemIndex } from './binaryLayout';

const GC_PREFIX = 0xfb;
const MISC_PREFIX = 0xfc;

/** One-byte opcodes indexed by byte, for the hot path. */
const ONE_BYTE: readonly (OpcodeEntry | undefined)[] = (() => {
  const t: (OpcodeEntry | undefined)[] = new Array<OpcodeEntry | undefined>(256).fill(undefined);
  for (const e of OPCODES) if (e.prefix === undefined) t[e.code] = e;
  return t;
})();

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * Spec 5.4.6 memarg: flags u32 (the alignment exponent; bit 6 set: a memory index follows) and
 * offset u64. An explicit memory index 0 is the one memory; another index names a second memory,
 * out of scope. The offset is read as a u64 (validation, not decoding, rejects one >= 2^32 for
 * a 32-bit memory: "offset out of range"), as is any alignment exponent below 64 (validation
 * checks it against the natural alignment).
 */
function readMemArg(r: ByteReader): MemArg {
  const at = r.pos;
  const flags = r.u32();
  if (flags >= 0x80) r.fail('malformed memop flags', at);
  const explicit = flags >= 0x40;
  if (explicit) {
    const memAt = r.pos;
    if (r.u32() !== 0) r.fail(unsupported('multi-memory'), memAt);
  }
  const offset = r.u64();
  const m: MemArg = { align: flags & 0x3f, offset: Number(offset) };
  if (explicit) explicitMemIndex.add(m);
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) exactOffsets.set(m, offset);
  return m;
}

/** Spec 5.4.1 br_table immediates: vec(labelidx) labelidx. */
function readBrTable(r: ByteReader): BrTableImm {
  const n = r.len32();
  const labels: number[] = [];
  for (let i = 0; i < n; i++) labels.push(r.u32());
  return { labels, defaultLabel: r.u32() };
}

/** Spec 5.4.7 br_on_cast immediates: castflags:u8 labelidx ht1 ht2 (bit 0: ht1 nullable, bit 1: ht2 nullable). */
function readBrOnCast(r: ByteReader): BrOnCastImm {
  const at = r.pos;
  const flags = r.u8();
  if ((flags & 0xfc) !== 0) r.fail('malformed br_on_cast flags', at);
  const label = r.u32();
  const fromHeap = readHeapType(r);
  const toHeap = readHeapType(r);
  return {
    label,
    from: { kind: 'ref', nullable: (flags & 1) !== 0, heap: fromHeap },
    to: { kind: 'ref', nullable: (flags & 2) !== 0, heap: toHeap },
  };
}

const CATCH_KINDS: readonly CatchClause['kind'][] = ['catch', 'catch_ref', 'catch_all', 'catch_all_ref'];

/** Exception handling (spec 5.4.1) try_table catch clauses: vec(catch), each a kind byte 0..3, a tag index for kinds 0 and 1, a label. */
function readCatches(r: ByteReader): CatchClause[] {
  const n = r.len32();
  const out: CatchClause[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const kind = CATCH_KINDS[r.u8()];
    if (kind === undefined) r.fail('malformed catch clause', at);
    if (kind === 'catch' || kind === 'catch_ref') {
      const tag = r.u32();
      out.push({ kind, tag, label: r.u32() });
    } else out.push({ kind: kind!, label: r.u32() });
  }
  return out;
}

/** Read one immediate of the given kind (see ImmKind in syntax/instructions.ts). */
export function readImm(r: ByteReader, kind: ImmKind): ImmValue {
  switch (kind) {
    case 'idx':
      return r.u32();
    case 'i32':
      return r.s32();
    case 'i64':
      return r.s64();
    case 'f32':
      return r.fixed32();
    case 'f64':
      return r.f64Bits();
    case 'blocktype':
      return readBlockType(r);
    case 'memarg':
      return readMemArg(r);
    case 'heaptype':
      return readHeapType(r);
    case 'reftype':
      return readRefType(r);
    case 'valtypes':
      return readValTypes(r);
    case 'brtable':
      return readBrTable(r);
    case 'brOnCast':
      return readBrOnCast(r);
    case 'catches':
      return readCatches(r);
    case 'zero': {
      const at = r.pos;
      if (r.u8() !== 0) r.fail(`zero byte expected (${unsupported('multi-memory')})`, at);
      return 0;
    }
  }
}

/**
 * Read the opcode at the cursor and return its table entry (spec 5.4). Unknown opcodes fail with
 * "illegal opcode <hex>"; opcodes of out-of-scope features fail with "<feature> is not supported".
 */
export function readOpcode(r: ByteReader): OpcodeEntry {
  const at = r.pos;
  const b = r.u8();
  const one = ONE_BYTE[b];
  if (one !== undefined) return one;
  if (b === GC_PREFIX || b === MISC_PREFIX) {
    const sub = r.u32();
    const e = opcodeByCode(b, sub);
    if (e !== undefined) return e;
    const feature = outOfScopeFeature(b, sub);
    if (feature !== undefined) r.fail(unsupported(feature), at);
    return r.fail(`illegal opcode ${hex(b)} ${hex(sub)}`, at);
  }
  const feature = outOfScopeFeature(undefined, b);
  if (feature !== undefined) r.fail(unsupported(feature), at);
  return r.fail(`illegal opcode ${hex(b)}`, at);
}

/** Read one instruction: its opcode and immediates in binary order. */
export function readInstr(r: ByteReader): Instr {
  const e = readOpcode(r);
  const kinds = e.imm;
  if (kinds.length === 0) return { op: e.name, imm: [] };
  const imm: ImmValue[] = [];
  for (const k of kinds) imm.push(readImm(r, k));
  return { op: e.name, imm };
}

/**
 * Spec 5.4.9 expressions: instructions up to the `end` that closes the expression, returned without
 * that `end`. Block nesting is tracked (block/loop/if/try_table open a frame, `end` closes one) so the final
 * `end` is found; `else` is accepted only directly inside an `if` frame, as in the reference
 * interpreter ("END opcode expected" otherwise). Bounded by the reader's range: each iteration
 * consumes at least one byte.
 */
export function readExpr(r: ByteReader): Instr[] {
  const body: Instr[] = [];
  // Frame kinds: 0 = block/loop or if-after-else, 1 = if before its else.
  const frames: number[] = [];
  for (;;) {
    const at = r.pos;
    const instr = readInstr(r);
    switch (instr.op) {
      case 'end':
        if (frames.length === 0) return body;
        frames.pop();
        break;
      case 'else':
        if (frames.length === 0 || frames[frames.length - 1] !== 1) r.fail('END opcode expected', at);
        frames[frames.length - 1] = 0;
        break;
      case 'block':
      case 'loop':
      case 'try_table':
        frames.push(0);
        break;
      case 'if':
        frames.push(1);
        break;
    }
    body.push(instr);
  }
}
