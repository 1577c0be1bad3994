import type { FieldType, StorageType } from '../../runtime/gcTypes';
import type { CaseType, Op, OpCase, RefHeap } from './opCase';
import { ByteReader, GEN_HEAPS as HEAPS } from './opBytes';
import { OP_DECLARATIONS } from '../../cases/ops/opDeclarations';
import { fixupOpCase } from './fixupOpCase';

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
    ...((flags >> 5) % 4 !== 0 ? { stackRootsTriggerFloor: 1 << (2 * ((flags >> 5) % 4) - 2) } : {}),
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
    { kind: 'struct', fields: [mut(ref('extern')), mut(ref('exn')), ...fields(5)] },
    { kind: 'array', element: mut(ref((['any', 'eq', 'struct', 'i31', 0] as const)[r.u8() % 5]!)) },
    { kind: 'array', element: mut(ref('extern')) },
    { kind: 'array', element: mut(NUMS[r.u8() % NUMS.length]!) },
    { kind: 'struct', fields: [...nodeFields, ...fields(3)], supertype: 0 },
  ];
  for (let i = 0; i < nExtra; i++) types.push(r.u8() & 1 ? { kind: 'array', element: field() } : { kind: 'struct', fields: fields(6) });
  const globals: RefHeap[] = ['any', 'extern', 'exn', ...Array.from({ length: r.u8() % 3 }, () => HEAPS[r.u8() % HEAPS.length]!)];
  const tables = [{ elem: 'any' as RefHeap, size: 1 + (r.u8() % 8) }, { elem: 'extern' as RefHeap, size: 1 + (r.u8() % 8) }, { elem: 'exn' as RefHeap, size: 4 }];

  const ops: Op[] = [];
  while (!r.done() && ops.length < 4096) ops.push(decodeOp(r, n));
  return fixupOpCase({ config, types, globals, tables, ops });
}

/** One op: a kind byte indexing the declarations, then that declaration's own parameter bytes. */
function decodeOp(r: ByteReader, typeCount: number): Op {
  const d = OP_DECLARATIONS[r.u8() % OP_DECLARATIONS.length]!;
  return d.fromBytes(r, typeCount);
}
