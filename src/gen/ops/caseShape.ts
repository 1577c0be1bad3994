import type { FieldType, StorageType } from '../../runtime/gcTypes';
import type { CaseTable, CaseType, OpCaseConfig, RefHeap } from './opCase';
import { GEN_HEAPS, heapFromBytes, type ByteReader } from './opBytes';

/** The types, globals and tables of a case: the simulated module the op stream runs against. */
export interface CaseShape {
  readonly types: readonly CaseType[];
  readonly globals: readonly RefHeap[];
  readonly tables: readonly CaseTable[];
}

/**
 * Index of the self-referential node struct every shape starts with: field 0 is `(ref null 0)`,
 * so chains, cycles and self-loops can always be built from it.
 */
export const NODE_TYPE = 0;
/** A struct type whose field 0 is an externref (host objects inside the object graph) and field 1 an exnref. */
export const RECORD_TYPE = 1;
/** An array of refs in the `any` hierarchy. */
export const REF_ARRAY_TYPE = 2;
/** An array of externrefs. */
export const EXTERN_ARRAY_TYPE = 3;
/** An array of a numeric element type. */
export const NUM_ARRAY_TYPE = 4;
/** A declared subtype of the node type (prefix fields plus more): exercises subtype layout. */
export const SUB_NODE_TYPE = 5;
/** Global 0 is anyref, global 1 externref, global 2 exnref; table 0 holds anyref, table 1 externref, table 2 exnref. */
export const ANY_GLOBAL = 0;
export const EXTERN_GLOBAL = 1;
export const EXN_GLOBAL = 2;
export const EXN_TABLE = 2;

const mut = (storage: StorageType): FieldType => ({ storage, mutable: true });
const ref = (heap: RefHeap): StorageType => ({ kind: 'ref', nullable: true, heap });

const NUM_STORAGE: readonly StorageType[] = ['i8', 'i16', 'i32', 'i64', 'f32', 'f64'];
/** Abstract heap types of generated fields, extra globals and tables: the cast targets plus exnref slots. */
const SHAPE_HEAPS: readonly RefHeap[] = [...GEN_HEAPS, 'exn'];

function field(r: ByteReader, typeCount: number): FieldType {
  return r.bit() ? mut(ref(heapFromBytes(r, typeCount, SHAPE_HEAPS))) : mut(r.pick(NUM_STORAGE));
}

function fields(r: ByteReader, typeCount: number, min: number, max: number): FieldType[] {
  return Array.from({ length: r.range(min, max) }, () => field(r, typeCount));
}

/**
 * Fixed roles for the first six types (so snippets can build real graphs from any bytes), then up
 * to three random struct/array types. Field lists are random around the fixed parts.
 */
export function caseShapeFromBytes(r: ByteReader): CaseShape {
  const n = 6 + r.int(4);
  const nodeFields = [mut(ref(NODE_TYPE)), mut(ref(r.pick<RefHeap>(['any', 'eq', 'struct', NODE_TYPE, RECORD_TYPE, REF_ARRAY_TYPE]))), ...fields(r, n, 0, 3)];
  const types: CaseType[] = [
    { kind: 'struct', fields: nodeFields },
    { kind: 'struct', fields: [mut(ref('extern')), mut(ref('exn')), ...fields(r, n, 1, 5)] },
    { kind: 'array', element: mut(ref(r.pick<RefHeap>(['any', 'eq', 'struct', 'i31', NODE_TYPE]))) },
    { kind: 'array', element: mut(ref('extern')) },
    { kind: 'array', element: mut(r.pick(NUM_STORAGE)) },
    { kind: 'struct', fields: [...nodeFields, ...fields(r, n, 1, 3)], supertype: NODE_TYPE },
  ];
  while (types.length < n) types.push(r.bit() ? { kind: 'array', element: field(r, n) } : { kind: 'struct', fields: fields(r, n, 0, 6) });
  const globals: RefHeap[] = ['any', 'extern', 'exn', ...Array.from({ length: r.int(4) }, () => heapFromBytes(r, n, SHAPE_HEAPS))];
  const tables: CaseTable[] = [{ elem: 'any', size: r.range(1, 8) }, { elem: 'extern', size: r.range(1, 8) }, { elem: 'exn', size: r.range(1, 8) }];
  if (r.bit()) tables.push({ elem: heapFromBytes(r, n, SHAPE_HEAPS), size: r.range(1, 8) });
  return { types, globals, tables };
}

/**
 * The store configuration: mostly no allocation zeal (some every 1-4, 5-32 or 33-200
 * allocations), small heaps that must grow, sometimes poisoning and heap checks, and increment
 * budgets from one unit of work to effectively unbounded.
 */
export function caseConfigFromBytes(r: ByteReader): OpCaseConfig {
  const zeal = r.weighted([5, 1, 2, 1]);
  const gcEveryNAllocs = zeal === 0 ? 0 : zeal === 1 ? r.range(1, 4) : zeal === 2 ? r.range(5, 32) : r.range(33, 200);
  const heapBytes = r.pick([512, 2048, 2048, 8192, 8192, 65536]);
  const growth = r.pick([1, 4, 16, 64, 256]);
  const poison = r.bit();
  const checks = r.int(4) === 3;
  const incrementBudget = r.pick([1, 3, 8, 16384, 16384]);
  return {
    heapBytes,
    maxHeapBytes: Math.min(heapBytes * growth, 1 << 20),
    zeal: { gcEveryNAllocs, poison, checks },
    incrementBudget,
    // A low stack-roots floor lets pushFrame's entering-Wasm check collect on DRC (the default
    // 1024 is out of reach). Derived from the slice budget, which DRC ignores, as the seeded
    // generator did before it drew bytes; only DRC reads the floor.
    ...(incrementBudget < 16384 ? { stackRootsTriggerFloor: incrementBudget === 1 ? 1 : incrementBudget === 3 ? 2 : 8 } : {}),
  };
}
