import type { ArrayType, FieldType, StorageType, StructType } from '../../runtime/gcTypes';
import { isRefSubtype, refHierarchy } from './isRefSubtype';
import { coerceNumValue } from './coerceNumValue';
import { OP_CASE_LIMITS as L } from './opCaseLimits';
import {
  FORGE_KINDS, FORGE_USES, type CaseTable, type CaseType, type ForgeKind, type ForgeUse, type InitValue, type NumValue, type Op,
  type OpCase, type OpCaseConfig, type RefHeap, type RefValue, type Slot,
} from './opCase';

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
  const shape = new Shape(types, globals, tables);
  const ops: Op[] = [];
  for (const op of asArray(raw['ops'])) {
    const fixed = shape.apply(asRecord(op));
    if (fixed !== undefined) ops.push(fixed);
  }
  return { config, types, globals, tables, ops };
}

// ---------------------------------------------------------------------------------------------
// Static shape of the stream: what each live handle and frame slot holds, by static type.

interface HandleShape {
  ty: RefHeap;
  owned: boolean;
  /** Scope depth the handle was made in (owned handles: -1). */
  scope: number;
  /** Array length when statically known. */
  len: number | undefined;
}

interface SlotShape {
  ty: RefHeap;
  /** The declared storage when the slot is a typed location (field, element, global, table). */
  storage: StorageType | undefined;
  len: number | undefined;
}

class Shape {
  private handles: HandleShape[] = [];
  private frames: RefHeap[][] = [];
  private scope = 0;
  private noGc = 0;
  /** Current size of each table (initial size plus successful `tableGrow`s). */
  private readonly tableSizes: number[];

  constructor(
    private readonly types: readonly CaseType[],
    private readonly globals: readonly RefHeap[],
    private readonly tables: readonly CaseTable[],
  ) {
    this.tableSizes = tables.map((t) => t.size);
  }

  apply(r: Record<string, unknown>): Op | undefined {
    switch (r['op']) {
      case 'newExtern': {
        const owned = this.ownedFlag(r['owned']);
        this.push(owned, 'extern', undefined);
        return { op: 'newExtern', owned };
      }
      case 'newStruct': {
        const type = this.pickType(r['type'], 'struct');
        if (type === undefined) return undefined;
        const owned = this.ownedFlag(r['owned']);
        this.push(owned, type, undefined);
        return { op: 'newStruct', type, owned };
      }
      case 'newArray': {
        const type = this.pickType(r['type'], 'array');
        if (type === undefined) return undefined;
        const len = nat(r['len']) % (L.maxArrayLength + 1);
        const owned = this.ownedFlag(r['owned']);
        this.push(owned, type, len);
        return { op: 'newArray', type, len, owned };
      }
      case 'clone': {
        const h = this.pickHandle(r['h'], () => true);
        if (h === undefined) return undefined;
        const src = this.handle(h);
        const owned = this.ownedFlag(r['owned']);
        this.push(owned, src.ty, src.len);
        return { op: 'clone', h, owned };
      }
      case 'drop': {
        const h = this.pickHandle(r['h'], () => true);
        if (h === undefined) return undefined;
        this.handles.splice(this.handles.length - 1 - h, 1);
        return { op: 'drop', h };
      }
      case 'enterScope':
        if (this.scope >= L.maxScopeDepth) return undefined;
        this.scope++;
        return { op: 'enterScope' };
      case 'exitScope':
        if (this.scope === 0) return undefined;
        this.handles = this.handles.filter((s) => s.scope !== this.scope);
        this.scope--;
        return { op: 'exitScope' };
      case 'writeRef': return this.writeRef(r);
      case 'writeNum': return this.writeNum(r);
      case 'read': return this.read(r);
      case 'cast': {
        const h = this.pickHandle(r['h'], () => true);
        if (h === undefined) return undefined;
        const to = fixupHeap(r['to'], this.types);
        this.push(true, to, undefined);
        return { op: 'cast', h, to };
      }
      case 'arrayLen': {
        const h = this.pickHandle(r['h'], (s) => this.isArrayTy(s.ty));
        return h === undefined ? undefined : { op: 'arrayLen', h };
      }
      case 'hostData': {
        const h = this.pickHandle(r['h'], (s) => s.ty === 'extern');
        return h === undefined ? undefined : { op: 'hostData', h };
      }
      case 'pushFrame': {
        if (this.frames.length >= L.maxFrames) return undefined;
        const args: RefValue[] = [];
        const tys: RefHeap[] = [];
        for (const a of asArray(r['args']).slice(0, L.maxFrameSlots)) {
          const v = this.argValue(asRecord(a));
          args.push(v.value);
          tys.push(v.ty);
        }
        const locals = Math.min(nat(r['locals']), L.maxFrameSlots - args.length);
        for (let i = 0; i < locals; i++) tys.push('none');
        this.frames.push(tys);
        return { op: 'pushFrame', args, locals };
      }
      case 'popFrame':
        if (this.frames.length === 0) return undefined;
        this.frames.pop();
        return { op: 'popFrame' };
      case 'gc': return { op: 'gc' };
      case 'gcSliced': return { op: 'gcSliced', slices: nat(r['slices']) % (L.maxSlices + 1) };
      case 'gcAbandon': return { op: 'gcAbandon', slices: nat(r['slices']) % (L.maxSlices + 1) };
      case 'enterNoGc':
        if (this.noGc >= L.maxNoGcDepth) return undefined;
        this.noGc++;
        return { op: 'enterNoGc' };
      case 'exitNoGc':
        if (this.noGc === 0) return undefined;
        this.noGc--;
        return { op: 'exitNoGc' };
      case 'reset':
        this.handles = [];
        this.frames = [];
        this.scope = 0;
        this.noGc = 0;
        return { op: 'reset' };
      case 'forge': {
        const kind = pickEnum(r['kind'], FORGE_KINDS);
        const use = pickEnum(r['use'], FORGE_USES);
        const h = this.handles.length === 0 ? 0 : nat(r['h']) % this.handles.length;
        return { op: 'forge', kind, use, h, n: nat(r['n']) % 0x10000 };
      }
      case 'tableFill': return this.tableFill(r);
      case 'tableGrow': return this.tableGrow(r);
      case 'arrayFill': return this.arrayFill(r);
      case 'arrayCopy': return this.arrayCopy(r);
      case 'newStructInit': {
        const type = this.pickType(r['type'], 'struct');
        if (type === undefined) return undefined;
        const raw = asArray(r['vals']);
        // Operands name the handles that exist before the op, so they resolve before the push.
        const vals = (this.types[type] as StructType).fields.map((f, k) => this.initValue(raw[k], f.storage));
        const owned = this.ownedFlag(r['owned']);
        this.push(owned, type, undefined);
        return { op: 'newStructInit', type, vals, owned };
      }
      case 'newArrayInit': {
        const type = this.pickType(r['type'], 'array');
        if (type === undefined) return undefined;
        const len = nat(r['len']) % (L.maxArrayLength + 1);
        const val = this.initValue(r['val'], (this.types[type] as ArrayType).element.storage);
        const owned = this.ownedFlag(r['owned']);
        this.push(owned, type, len);
        return { op: 'newArrayInit', type, len, val, owned };
      }
      case 'newArrayFixed': {
        const type = this.pickType(r['type'], 'array');
        if (type === undefined) return undefined;
        const st = (this.types[type] as ArrayType).element.storage;
        const vals = asArray(r['vals']).slice(0, L.maxFixedValues).map((v) => this.initValue(v, st));
        const owned = this.ownedFlag(r['owned']);
        this.push(owned, type, vals.length);
        return { op: 'newArrayFixed', type, vals, owned };
      }
      default: return undefined;
    }
  }

  // --- bulk table and array ops ------------------------------------------------------------------

  private tableFill(r: Record<string, unknown>): Op | undefined {
    if (this.tables.length === 0) return undefined;
    const t = nat(r['t']) % this.tables.length;
    const size = this.tableSizes[t]!;
    const val = this.refValue(asRecord(r['val']), this.tables[t]!.elem).value;
    return { op: 'tableFill', t, i: nat(r['i']) % (size + 1), n: nat(r['n']) % (size + 2), val };
  }

  private tableGrow(r: Record<string, unknown>): Op | undefined {
    if (this.tables.length === 0) return undefined;
    const t = nat(r['t']) % this.tables.length;
    const n = nat(r['n']) % (L.tableMaximum + 1);
    const v = asRecord(r['val']);
    const val = v['v'] === 'slot' && asRecord(v['slot'])['s'] !== 'handle' ? NULL_VALUE : this.refValue(v, this.tables[t]!.elem).value;
    if (this.tableSizes[t]! + n <= L.tableMaximum) this.tableSizes[t]! += n;
    return { op: 'tableGrow', t, n, val };
  }

  private arrayFill(r: Record<string, unknown>): Op | undefined {
    const h = this.pickHandle(r['h'], (s) => this.arrayElem(s.ty) !== undefined);
    if (h === undefined) return undefined;
    const hs = this.handle(h);
    const bound = hs.len ?? L.unknownLengthIndexBound;
    const val = this.initValue(r['val'], this.arrayElem(hs.ty)!.storage);
    return { op: 'arrayFill', h, i: nat(r['i']) % (bound + 1), n: nat(r['n']) % (bound + 2), val };
  }

  /** The source's element storage must match the destination's (array.copy validation: refs by subtyping). */
  private arrayCopy(r: Record<string, unknown>): Op | undefined {
    const dst = this.pickHandle(r['dst'], (s) => this.arrayElem(s.ty) !== undefined);
    if (dst === undefined) return undefined;
    const dhs = this.handle(dst);
    const de = this.arrayElem(dhs.ty)!.storage;
    // The destination itself always qualifies, so a source is always found.
    const src = this.pickHandle(r['src'], (s) => {
      const se = this.arrayElem(s.ty)?.storage;
      if (se === undefined) return false;
      if (typeof se === 'string' || typeof de === 'string') return se === de;
      return isRefSubtype(this.types, se.heap, de.heap);
    })!;
    const shs = this.handle(src);
    const bd = dhs.len ?? L.unknownLengthIndexBound;
    const bs = shs.len ?? L.unknownLengthIndexBound;
    return { op: 'arrayCopy', dst, d: nat(r['d']) % (bd + 1), src, s: nat(r['s']) % (bs + 1), n: nat(r['n']) % (Math.max(bd, bs) + 2) };
  }

  /** An allocation operand for a field of `st`: a typed RefValue for refs, an in-range NumValue otherwise. */
  private initValue(v: unknown, st: StorageType): InitValue {
    if (typeof st === 'string') return coerceNumValue(st, v);
    return this.refValue(asRecord(v), st.heap).value;
  }

  // --- handles ---------------------------------------------------------------------------------

  /** Scoped handles need an open scope; at depth 0 every new handle is owned. */
  private ownedFlag(v: unknown): boolean {
    return this.scope === 0 ? true : v !== false;
  }

  private push(owned: boolean, ty: RefHeap, len: number | undefined): void {
    this.handles.push({ ty, owned, scope: owned ? -1 : this.scope, len });
  }

  private handle(h: number): HandleShape {
    return this.handles[this.handles.length - 1 - h]!;
  }

  /** `h` modulo the live handles, then the first handle (towards older, wrapping) that `ok` accepts. */
  private pickHandle(v: unknown, ok: (s: HandleShape) => boolean): number | undefined {
    const n = this.handles.length;
    if (n === 0) return undefined;
    const start = nat(v) % n;
    for (let k = 0; k < n; k++) {
      const h = (start + k) % n;
      if (ok(this.handle(h))) return h;
    }
    return undefined;
  }

  private pickType(v: unknown, kind: 'struct' | 'array'): number | undefined {
    const n = this.types.length;
    if (n === 0) return undefined;
    const start = nat(v) % n;
    for (let k = 0; k < n; k++) {
      const t = (start + k) % n;
      if (this.types[t]!.kind === kind) return t;
    }
    return undefined;
  }

  private isArrayTy(ty: RefHeap): boolean {
    return ty === 'array' || (typeof ty === 'number' && this.types[ty]!.kind === 'array');
  }

  private structFields(ty: RefHeap): readonly FieldType[] | undefined {
    if (typeof ty !== 'number') return undefined;
    const t = this.types[ty]!;
    return t.kind === 'struct' ? t.fields : undefined;
  }

  private arrayElem(ty: RefHeap): FieldType | undefined {
    if (typeof ty !== 'number') return undefined;
    const t = this.types[ty]!;
    return t.kind === 'array' ? t.element : undefined;
  }

  // --- slots -----------------------------------------------------------------------------------

  /**
   * Resolve a slot for reading or writing. `want` filters on the slot's storage: 'ref' for ref
   * locations, 'num' for numeric fields/elements, 'any' for either.
   */
  private resolveSlot(v: unknown, want: 'ref' | 'num' | 'any'): { slot: Slot; shape: SlotShape } | undefined {
    const r = asRecord(v);
    const fieldOk = (st: StorageType): boolean => want === 'any' || (want === 'ref') === (typeof st !== 'string');
    switch (r['s']) {
      case 'handle': {
        if (want === 'num') return undefined;
        const h = this.pickHandle(r['h'], () => true);
        if (h === undefined) return undefined;
        const s = this.handle(h);
        return { slot: { s: 'handle', h }, shape: { ty: s.ty, storage: undefined, len: s.len } };
      }
      case 'field': {
        const h = this.pickHandle(r['h'], (s) => this.structFields(s.ty)?.some((f) => fieldOk(f.storage)) === true);
        if (h === undefined) return undefined;
        const fields = this.structFields(this.handle(h).ty)!;
        const start = nat(r['f']) % fields.length;
        let f = start;
        while (!fieldOk(fields[f]!.storage)) f = (f + 1) % fields.length;
        return { slot: { s: 'field', h, f }, shape: storageShape(fields[f]!.storage) };
      }
      case 'elem': {
        const h = this.pickHandle(r['h'], (s) => {
          const e = this.arrayElem(s.ty);
          return e !== undefined && fieldOk(e.storage);
        });
        if (h === undefined) return undefined;
        const hs = this.handle(h);
        const bound = hs.len === undefined ? L.unknownLengthIndexBound : hs.len;
        const i = bound === 0 ? 0 : nat(r['i']) % bound;
        return { slot: { s: 'elem', h, i }, shape: storageShape(this.arrayElem(hs.ty)!.storage) };
      }
      case 'global': {
        if (want === 'num' || this.globals.length === 0) return undefined;
        const g = nat(r['g']) % this.globals.length;
        const ty = this.globals[g]!;
        return { slot: { s: 'global', g }, shape: { ty, storage: refStorage(ty), len: undefined } };
      }
      case 'table': {
        if (want === 'num' || this.tables.length === 0) return undefined;
        const t = nat(r['t']) % this.tables.length;
        const table = this.tables[t]!;
        const i = nat(r['i']) % this.tableSizes[t]!;
        return { slot: { s: 'table', t, i }, shape: { ty: table.elem, storage: refStorage(table.elem), len: undefined } };
      }
      case 'frame': {
        if (want === 'num') return undefined;
        const n = this.frames.length;
        if (n === 0) return undefined;
        const start = nat(r['d']) % n;
        for (let k = 0; k < n; k++) {
          const d = (start + k) % n;
          const frame = this.frames[n - 1 - d]!;
          if (frame.length === 0) continue;
          const i = nat(r['i']) % frame.length;
          return { slot: { s: 'frame', d, i }, shape: { ty: frame[i]!, storage: undefined, len: undefined } };
        }
        return undefined;
      }
      default: return undefined;
    }
  }

  /** A ref value for a destination of static type `dst` (undefined: an untyped handle/frame slot). */
  private refValue(v: Record<string, unknown>, dst: RefHeap | undefined): { value: RefValue; ty: RefHeap; len: number | undefined } {
    const fits = (ty: RefHeap): boolean => dst === undefined || isRefSubtype(this.types, ty, dst);
    if (v['v'] === 'i31' && fits('i31')) return { value: { v: 'i31', n: nat(v['n']) & 0x7fffffff }, ty: 'i31', len: undefined };
    if (v['v'] === 'slot') {
      const src = this.resolveSlot(v['slot'], 'ref');
      if (src !== undefined) {
        if (fits(src.shape.ty)) return { value: { v: 'slot', slot: src.slot }, ty: src.shape.ty, len: src.shape.len };
        if (src.slot.s === 'handle') {
          const h = this.pickHandle(src.slot.h, (s) => fits(s.ty));
          if (h !== undefined) {
            const s = this.handle(h);
            return { value: { v: 'slot', slot: { s: 'handle', h } }, ty: s.ty, len: s.len };
          }
        }
      }
    }
    return { value: { v: 'null' }, ty: 'none', len: undefined };
  }

  /** Host-to-Wasm arguments come from null, i31 or handles. */
  private argValue(v: Record<string, unknown>): { value: RefValue; ty: RefHeap } {
    if (v['v'] === 'slot' && asRecord(v['slot'])['s'] !== 'handle') return { value: { v: 'null' }, ty: 'none' };
    const r = this.refValue(v, undefined);
    return { value: r.value, ty: r.ty };
  }

  private writeRef(r: Record<string, unknown>): Op | undefined {
    const dst = this.resolveSlot(r['dst'], 'ref');
    if (dst === undefined) return undefined;
    const typed = dst.slot.s !== 'handle' && dst.slot.s !== 'frame';
    const val = this.refValue(asRecord(r['val']), typed ? dst.shape.ty : undefined);
    if (dst.slot.s === 'handle') {
      const s = this.handle(dst.slot.h);
      s.ty = val.ty;
      s.len = val.len;
    } else if (dst.slot.s === 'frame') {
      this.frames[this.frames.length - 1 - dst.slot.d]![dst.slot.i] = val.ty;
    }
    return { op: 'writeRef', dst: dst.slot, val: val.value };
  }

  private writeNum(r: Record<string, unknown>): Op | undefined {
    const dst = this.resolveSlot(r['dst'], 'num');
    if (dst === undefined) return undefined;
    const st = dst.shape.storage;
    if (st === undefined || typeof st !== 'string') return undefined;
    const val: NumValue = coerceNumValue(st, r['val']);
    return { op: 'writeNum', dst: dst.slot, val };
  }

  private read(r: Record<string, unknown>): Op | undefined {
    const src = this.resolveSlot(r['src'], 'any');
    if (src === undefined) return undefined;
    const st = src.shape.storage;
    const isRef = st === undefined || typeof st !== 'string';
    const signed = (st === 'i8' || st === 'i16') && r['signed'] === true;
    let keep: 'no' | 'owned' | 'scoped' = 'no';
    if (isRef && (r['keep'] === 'owned' || r['keep'] === 'scoped')) keep = r['keep'] === 'scoped' && this.scope > 0 ? 'scoped' : 'owned';
    if (keep !== 'no') this.push(keep === 'owned', src.shape.ty, src.shape.len);
    return { op: 'read', src: src.slot, signed, keep };
  }
}

const NULL_VALUE: RefValue = { v: 'null' };

function storageShape(st: StorageType): SlotShape {
  return { ty: typeof st === 'string' ? 'none' : st.heap, storage: st, len: undefined };
}

function refStorage(heap: RefHeap): StorageType {
  return { kind: 'ref', nullable: true, heap };
}

// ---------------------------------------------------------------------------------------------
// Types, globals, tables, config.

const ABSTRACT_HEAPS = ['any', 'eq', 'i31', 'struct', 'array', 'extern', 'none', 'noextern'] as const;
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

function fixupHeap(v: unknown, types: readonly CaseType[]): RefHeap {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v < types.length ? v : 'any';
  const h = (ABSTRACT_HEAPS as readonly unknown[]).includes(v) ? (v as RefHeap) : 'any';
  return refHierarchy(h) === 'func' ? 'any' : h;
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
  };
  return typeof r['collector'] === 'string' && r['collector'] !== '' ? { collector: r['collector'], ...config } : config;
}

// ---------------------------------------------------------------------------------------------

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A non-negative safe integer from anything (negative and junk map to 0..). */
function nat(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 0;
  return Math.min(Math.abs(Math.trunc(v)), Number.MAX_SAFE_INTEGER);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

function pickEnum<T extends string>(v: unknown, values: readonly T[]): T {
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  return values[nat(v) % values.length]!;
}

export type { ForgeKind, ForgeUse };
