import type { FieldType, StorageType } from '../../runtime/gcTypes';
import { FORGE_KINDS, FORGE_USES, OP_KINDS, type CaseType, type InitValue, type Op, type OpCase, type RefHeap, type RefValue, type Slot } from './opCase';
import { fixupOpCase } from './fixupOpCase';

const HEAPS: readonly RefHeap[] = ['any', 'eq', 'struct', 'array', 'extern', 'i31'];
const NUMS: readonly StorageType[] = ['i8', 'i16', 'i32', 'i64', 'f32', 'f64'];

/**
 * Decode ANY bytes into a valid op case (for coverage-guided fuzzing): a few header bytes choose
 * the store configuration and vary the case shape (the same roles `caseShapeArbitrary` gives the
 * first six types), then each op takes a kind byte and as many parameter bytes as it needs.
 * Missing bytes read as 0, so every prefix decodes; the result goes through `fixupOpCase`, so
 * indices are resolved and writes typed exactly as for seeded cases.
 */
export function opCaseFromBytes(bytes: Uint8Array): OpCase {
  const r = new ByteReader(bytes);
  const heapBytes = [512, 2048, 8192, 65536][r.u8() % 4]!;
  const growth = [1, 4, 16, 64, 256][r.u8() % 5]!;
  const zealByte = r.u8();
  const flags = r.u8();
  const config = {
    heapBytes,
    maxHeapBytes: Math.min(heapBytes * growth, 1 << 20),
    zeal: { gcEveryNAllocs: zealByte % 4 === 0 ? 1 + (zealByte >> 2) % 32 : 0, poison: (flags & 1) !== 0, checks: (flags & 2) !== 0 },
    incrementBudget: [1, 2, 3, 8, 16384][(flags >> 2) % 5]!,
  };
  const nExtra = r.u8() % 4;
  const n = 6 + nExtra;
  const mut = (storage: StorageType): FieldType => ({ storage, mutable: true });
  const ref = (heap: RefHeap): StorageType => ({ kind: 'ref', nullable: true, heap });
  const field = (): FieldType => {
    const b = r.u8();
    return b & 1 ? mut(ref(b & 2 ? (b >> 2) % n : HEAPS[(b >> 2) % HEAPS.length]!)) : mut(NUMS[(b >> 1) % NUMS.length]!);
  };
  const fields = (max: number): FieldType[] => Array.from({ length: r.u8() % (max + 1) }, field);
  const nodeFields = [mut(ref(0)), mut(ref([...HEAPS.slice(0, 3), 0, 1, 2][r.u8() % 6]!)), ...fields(3)];
  const types: CaseType[] = [
    { kind: 'struct', fields: nodeFields },
    { kind: 'struct', fields: [mut(ref('extern')), ...fields(5)] },
    { kind: 'array', element: mut(ref((['any', 'eq', 'struct', 'i31', 0] as const)[r.u8() % 5]!)) },
    { kind: 'array', element: mut(ref('extern')) },
    { kind: 'array', element: mut(NUMS[r.u8() % NUMS.length]!) },
    { kind: 'struct', fields: [...nodeFields, ...fields(3)], supertype: 0 },
  ];
  for (let i = 0; i < nExtra; i++) types.push(r.u8() & 1 ? { kind: 'array', element: field() } : { kind: 'struct', fields: fields(6) });
  const globals: RefHeap[] = ['any', 'extern', ...Array.from({ length: r.u8() % 3 }, () => HEAPS[r.u8() % HEAPS.length]!)];
  const tables = [{ elem: 'any' as RefHeap, size: 1 + (r.u8() % 8) }, { elem: 'extern' as RefHeap, size: 1 + (r.u8() % 8) }];

  const ops: Op[] = [];
  while (!r.done() && ops.length < 4096) ops.push(decodeOp(r, n));
  return fixupOpCase({ config, types, globals, tables, ops });
}

function decodeOp(r: ByteReader, typeCount: number): Op {
  const kind = OP_KINDS[r.u8() % OP_KINDS.length]!;
  switch (kind) {
    case 'newExtern': return { op: kind, owned: r.bit() };
    case 'newStruct': return { op: kind, type: r.u8() % typeCount, owned: r.bit() };
    case 'newArray': return { op: kind, type: r.u8() % typeCount, len: r.u8() % 17, owned: r.bit() };
    case 'clone': return { op: kind, h: r.small(), owned: r.bit() };
    case 'drop': return { op: kind, h: r.small() };
    case 'writeRef': return { op: kind, dst: slot(r), val: refValue(r) };
    case 'writeNum': return { op: kind, dst: slot(r), val: r.i32() };
    case 'read': return { op: kind, src: slot(r), signed: r.bit(), keep: (['no', 'owned', 'scoped', 'no'] as const)[r.u8() % 4]! };
    case 'cast': {
      const b = r.u8();
      return { op: kind, h: r.small(), to: b & 1 ? (b >> 1) % typeCount : HEAPS[(b >> 1) % HEAPS.length]! };
    }
    case 'arrayLen':
    case 'hostData': return { op: kind, h: r.small() };
    case 'pushFrame': return { op: kind, args: Array.from({ length: r.u8() % 4 }, () => refValue(r)), locals: r.u8() % 3 };
    case 'gcSliced':
    case 'gcAbandon': return { op: kind, slices: r.u8() % 9 };
    case 'forge': return { op: kind, kind: FORGE_KINDS[r.u8() % FORGE_KINDS.length]!, use: FORGE_USES[r.u8() % FORGE_USES.length]!, h: r.small(), n: r.u8() | (r.u8() << 8) };
    case 'tableFill': return { op: kind, t: r.u8() & 1, i: r.u8() % 12, n: r.u8() % 12, val: refValue(r) };
    case 'tableGrow': return { op: kind, t: r.u8() & 1, n: r.u8() % 8, val: refValue(r) };
    case 'arrayFill': return { op: kind, h: r.small(), i: r.u8() % 12, n: r.u8() % 12, val: initValue(r) };
    case 'arrayCopy': return { op: kind, dst: r.small(), d: r.u8() % 12, src: r.small(), s: r.u8() % 12, n: r.u8() % 12 };
    case 'newStructInit': return { op: kind, type: r.u8() % typeCount, vals: Array.from({ length: r.u8() % 9 }, () => initValue(r)), owned: r.bit() };
    case 'newArrayInit': return { op: kind, type: r.u8() % typeCount, len: r.u8() % 17, val: initValue(r), owned: r.bit() };
    case 'newArrayFixed': return { op: kind, type: r.u8() % typeCount, vals: Array.from({ length: r.u8() % 9 }, () => initValue(r)), owned: r.bit() };
    default: return { op: kind } as Op;
  }
}

function slot(r: ByteReader): Slot {
  const b = r.u8();
  switch (b % 6) {
    case 0: return { s: 'handle', h: r.small() };
    case 1: return { s: 'field', h: r.small(), f: b >> 3 };
    case 2: return { s: 'elem', h: r.small(), i: b >> 3 };
    case 3: return { s: 'global', g: b >> 3 };
    case 4: return { s: 'table', t: (b >> 3) & 1, i: b >> 4 };
    default: return { s: 'frame', d: (b >> 3) & 3, i: b >> 5 };
  }
}

function refValue(r: ByteReader): RefValue {
  const b = r.u8();
  if (b % 8 === 0) return { v: 'null' };
  if (b % 8 === 1) return { v: 'i31', n: r.i32() & 0x7fffffff };
  return { v: 'slot', slot: slot(r) };
}

/** A ref operand, or (low bit of the first byte set) a 32-bit number for numeric storage. */
function initValue(r: ByteReader): InitValue {
  const b = r.u8();
  return b & 1 ? r.i32() : refValue(r);
}

class ByteReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  done(): boolean {
    return this.pos >= this.bytes.length;
  }
  u8(): number {
    return this.pos < this.bytes.length ? this.bytes[this.pos++]! : 0;
  }
  bit(): boolean {
    return (this.u8() & 1) === 1;
  }
  /** A small handle index, biased to the newest. */
  small(): number {
    const b = this.u8();
    return b < 192 ? b % 4 : b % 64;
  }
  i32(): number {
    return (this.u8() | (this.u8() << 8) | (this.u8() << 16) | (this.u8() << 24)) | 0;
  }
}
