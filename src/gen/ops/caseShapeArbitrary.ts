import fc from 'fast-check';
import type { FieldType, StorageType } from '../../runtime/gcTypes';
import type { CaseTable, CaseType, RefHeap } from './opCase';

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

const numStorage = fc.constantFrom<StorageType>('i8', 'i16', 'i32', 'i64', 'f32', 'f64');

function refHeapArb(typeCount: number): fc.Arbitrary<RefHeap> {
  return fc.oneof(
    fc.constantFrom<RefHeap>('any', 'eq', 'struct', 'array', 'extern', 'i31', 'exn'),
    fc.integer({ min: 0, max: typeCount - 1 }),
  );
}

function fieldArb(typeCount: number): fc.Arbitrary<FieldType> {
  return fc.oneof(numStorage.map(mut), refHeapArb(typeCount).map((h) => mut(ref(h))));
}

/**
 * Fixed roles for the first six types (so snippets can build real graphs with any seed), then up
 * to three random struct/array types. Field lists are random around the fixed parts.
 */
export function caseShapeArbitrary(): fc.Arbitrary<CaseShape> {
  const extra = fc.integer({ min: 0, max: 3 });
  return extra.chain((nExtra) => {
    const n = 6 + nExtra;
    const fields = (min: number, max: number) => fc.array(fieldArb(n), { minLength: min, maxLength: max });
    const randomType: fc.Arbitrary<CaseType> = fc.oneof(
      fields(0, 6).map((f): CaseType => ({ kind: 'struct', fields: f })),
      fieldArb(n).map((e): CaseType => ({ kind: 'array', element: e })),
    );
    return fc.record({
      nodeSecond: fc.constantFrom<RefHeap>('any', 'eq', 'struct', NODE_TYPE, RECORD_TYPE, REF_ARRAY_TYPE),
      nodeRest: fields(0, 3),
      recordRest: fields(1, 5),
      refArrayElem: fc.constantFrom<RefHeap>('any', 'eq', 'struct', 'i31', NODE_TYPE),
      numElem: numStorage,
      subExtra: fields(1, 3),
      extras: fc.array(randomType, { minLength: nExtra, maxLength: nExtra }),
      globals: fc.array(refHeapArb(n), { maxLength: 3 }),
      tables: fc.array(fc.record({ elem: refHeapArb(n), size: fc.integer({ min: 1, max: 8 }) }), { maxLength: 1 }),
      tableSizes: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })),
    }).map((r): CaseShape => {
      const nodeFields = [mut(ref(NODE_TYPE)), mut(ref(r.nodeSecond)), ...r.nodeRest];
      const types: CaseType[] = [
        { kind: 'struct', fields: nodeFields },
        { kind: 'struct', fields: [mut(ref('extern')), mut(ref('exn')), ...r.recordRest] },
        { kind: 'array', element: mut(ref(r.refArrayElem)) },
        { kind: 'array', element: mut(ref('extern')) },
        { kind: 'array', element: mut(r.numElem) },
        { kind: 'struct', fields: [...nodeFields, ...r.subExtra], supertype: NODE_TYPE },
        ...r.extras,
      ];
      return {
        types,
        globals: ['any', 'extern', 'exn', ...r.globals],
        tables: [{ elem: 'any', size: r.tableSizes[0] }, { elem: 'extern', size: r.tableSizes[1] }, { elem: 'exn', size: r.tableSizes[2] }, ...r.tables],
      };
    });
  });
}
