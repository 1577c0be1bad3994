import type { FieldType, StructType } from '../../runtime/gcTypes';
import { OP_CASE_LIMITS as L } from './opCaseLimits';
import type { CaseTable, CaseType, Op, OpCase, OpCaseConfig, RefHeap } from './opCase';
import { FixupShape } from './fixupShape';
import { ABSTRACT_HEAPS, asArray, asRecord, clamp, fixupHeap, nat } from './fixupValues';
import { declarationOf } from '../../cases/ops/opDeclarations';

/**
 * Turn any JSON-shaped value into a valid `OpCase`, deterministically and idempotently
 * (`fixupOpCase(fixupOpCase(x))` deep-equals `fixupOpCase(x)`).
 *
 * Valid means: every index names something live at that point of the stream (handles count from
 * the newest, frames from the innermost), every ref write is statically type-correct as a Wasm
 * validator would see it, numeric values are in range for their field, scopes and frames nest.
 * Table sizes are tracked through `tableGrow` (whose value never faults, so its effect is known
 * statically). Bulk ranges (`tableFill`, `arrayFill`, `arrayCopy`) may pass the end by a little:
 * that is a trap the model predicts, not an invalid case.
 * Each op is fixed by its declaration (src/cases/ops), which also updates the static shape.
 * Ops that cannot be made valid where they stand are dropped. Because validity is decided by this
 * static walk alone, any sub-list of a valid case's ops is made valid again by the same call,
 * which is what lets the shrinker delete ops freely.
 */
export function fixupOpCase(input: unknown): OpCase {
  const raw = asRecord(input);
  const types = fixupTypes(raw['types']);
  const globals = asArray(raw['globals']).slice(0, L.maxGlobals).map((g) => fixupHeap(g, types));
  const tables = asArray(raw['tables']).slice(0, L.maxTables).map((t) => fixupTable(t, types));
  const config = fixupConfig(raw['config']);
  const shape = new FixupShape(types, globals, tables, config);
  const ops: Op[] = [];
  for (const op of asArray(raw['ops'])) {
    const r = asRecord(op);
    const fixed = typeof r['op'] === 'string' ? declarationOf(r['op'])?.fixup(r, shape) : undefined;
    if (fixed !== undefined) ops.push(fixed);
  }
  return { config, types, globals, tables, ops };
}

// Types, globals, tables, config.

const NUM_STORAGES = ['i8', 'i16', 'i32', 'i64', 'f32', 'f64'] as const;

function fixupTypes(v: unknown): CaseType[] {
  const rawTypes = asArray(v).slice(0, L.maxTypes).map(asRecord);
  const n = rawTypes.length;
  const kinds = rawTypes.map((t) => (t['kind'] === 'array' ? 'array' : 'struct'));
  const heapOf = (h: unknown): RefHeap => {
    if (typeof h === 'number') return Number.isInteger(h) && h >= 0 && h < n ? h : 'eq';
    return (ABSTRACT_HEAPS as readonly unknown[]).includes(h) ? (h as RefHeap) : 'any';
  };
  const field = (f: unknown): FieldType => {
    const fr = asRecord(f);
    const st = fr['storage'];
    if (typeof st === 'string') return { storage: (NUM_STORAGES as readonly unknown[]).includes(st) ? (st as FieldType['storage']) : 'i32', mutable: true };
    return { storage: { kind: 'ref', nullable: true, heap: heapOf(asRecord(st)['heap']) }, mutable: true };
  };
  const out: CaseType[] = [];
  for (let i = 0; i < n; i++) {
    const t = rawTypes[i]!;
    const sup = t['supertype'];
    if (kinds[i] === 'array') {
      const element = field(t['element']);
      const st = typeof sup === 'number' ? out[sup] : undefined;
      const ok = st !== undefined && st.kind === 'array' && sameField(st.element, element);
      out.push(ok ? { kind: 'array', element, supertype: sup as number } : { kind: 'array', element });
    } else {
      const fields = asArray(t['fields']).slice(0, L.maxFields).map(field);
      const st = typeof sup === 'number' ? out[sup] : undefined;
      const ok = st !== undefined && st.kind === 'struct' && isPrefix(st, fields);
      out.push(ok ? { kind: 'struct', fields, supertype: sup as number } : { kind: 'struct', fields });
    }
  }
  return out;
}

function isPrefix(sup: StructType, fields: readonly FieldType[]): boolean {
  return sup.fields.length <= fields.length && sup.fields.every((f, i) => sameField(f, fields[i]!));
}

function sameField(a: FieldType, b: FieldType): boolean {
  if (typeof a.storage === 'string' || typeof b.storage === 'string') return a.storage === b.storage;
  return a.storage.heap === b.storage.heap;
}

function fixupTable(v: unknown, types: readonly CaseType[]): CaseTable {
  const r = asRecord(v);
  return { elem: fixupHeap(r['elem'], types), size: 1 + (nat(r['size']) + L.maxTableSize - 1) % L.maxTableSize };
}

function fixupConfig(v: unknown): OpCaseConfig {
  const r = asRecord(v);
  const z = asRecord(r['zeal']);
  const heapBytes = clamp(nat(r['heapBytes']) || 65536, L.minHeapBytes, L.maxHeapBytes);
  const maxHeapBytes = clamp(nat(r['maxHeapBytes']) || heapBytes, heapBytes, L.maxHeapBytes);
  const config: OpCaseConfig = {
    heapBytes,
    maxHeapBytes,
    zeal: { gcEveryNAllocs: nat(z['gcEveryNAllocs']) % 1024, poison: z['poison'] === true, checks: z['checks'] === true },
    incrementBudget: clamp(nat(r['incrementBudget']) || 1, 1, L.maxIncrementBudget),
    ...(nat(r['stackRootsTriggerFloor']) > 0 ? { stackRootsTriggerFloor: clamp(nat(r['stackRootsTriggerFloor']), 1, L.maxStackRootsTriggerFloor) } : {}),
  };
  return typeof r['collector'] === 'string' && r['collector'] !== '' ? { collector: r['collector'], ...config } : config;
}

// ---------------------------------------------------------------------------------------------

