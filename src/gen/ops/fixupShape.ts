import type { FieldType, StorageType } from '../../runtime/gcTypes';
import { isRefSubtype, refHierarchy } from './isRefSubtype';
import { coerceNumValue } from './coerceNumValue';
import { OP_CASE_LIMITS as L } from './opCaseLimits';
import type { CaseTable, CaseType, InitValue, OpCaseConfig, RefHeap, RefValue, Slot } from './opCase';
import { asRecord, nat } from './fixupValues';

/**
 * The static shape of an op stream so far, as `fixupOpCase` walks it: what each live handle and
 * frame slot holds, by static type (as a Wasm validator would see it), scope and no-GC depths,
 * table sizes. Op declarations read and update it in their `fixup` (their static effect).
 */
export interface HandleShape {
  ty: RefHeap;
  owned: boolean;
  /** Scope depth the handle was made in (owned handles: -1). */
  scope: number;
  /** Array length when statically known. */
  len: number | undefined;
}

export interface SlotShape {
  ty: RefHeap;
  /** The declared storage when the slot is a typed location (field, element, global, table). */
  storage: StorageType | undefined;
  len: number | undefined;
}

export class FixupShape {
  handles: HandleShape[] = [];
  frames: RefHeap[][] = [];
  scope = 0;
  noGc = 0;
  /** Current size of each table (initial size plus successful `tableGrow`s). */
  readonly tableSizes: number[];

  constructor(
    readonly types: readonly CaseType[],
    readonly globals: readonly RefHeap[],
    readonly tables: readonly CaseTable[],
    /** The case's store configuration, for lengths derived from its heap sizes (boundaryArrayLength.ts). */
    readonly config?: OpCaseConfig,
  ) {
    this.tableSizes = tables.map((t) => t.size);
  }

  // --- bulk table and array ops ------------------------------------------------------------------

  /** An allocation operand for a field of `st`: a typed RefValue for refs, an in-range NumValue otherwise. */
  initValue(v: unknown, st: StorageType): InitValue {
    if (typeof st === 'string') return coerceNumValue(st, v);
    return this.refValue(asRecord(v), st.heap).value;
  }

  /**
   * A type-test target for handle `h` (`ref.test`, `ref.cast`): `to` when it is in the hierarchy
   * of the handle's static type (validation requires that), else that hierarchy's top.
   */
  testTarget(h: number, to: RefHeap): RefHeap {
    const hier = refHierarchy(this.handle(h).ty);
    return refHierarchy(to) === hier ? to : hier === 'extern' ? 'extern' : 'any';
  }

  // --- handles ---------------------------------------------------------------------------------

  /** Scoped handles need an open scope; at depth 0 every new handle is owned. */
  ownedFlag(v: unknown): boolean {
    return this.scope === 0 ? true : v !== false;
  }

  push(owned: boolean, ty: RefHeap, len: number | undefined): void {
    this.handles.push({ ty, owned, scope: owned ? -1 : this.scope, len });
  }

  handle(h: number): HandleShape {
    return this.handles[this.handles.length - 1 - h]!;
  }

  /** `h` modulo the live handles, then the first handle (towards older, wrapping) that `ok` accepts. */
  pickHandle(v: unknown, ok: (s: HandleShape) => boolean): number | undefined {
    const n = this.handles.length;
    if (n === 0) return undefined;
    const start = nat(v) % n;
    for (let k = 0; k < n; k++) {
      const h = (start + k) % n;
      if (ok(this.handle(h))) return h;
    }
    return undefined;
  }

  pickType(v: unknown, kind: 'struct' | 'array'): number | undefined {
    const n = this.types.length;
    if (n === 0) return undefined;
    const start = nat(v) % n;
    for (let k = 0; k < n; k++) {
      const t = (start + k) % n;
      if (this.types[t]!.kind === kind) return t;
    }
    return undefined;
  }

  isArrayTy(ty: RefHeap): boolean {
    return ty === 'array' || (typeof ty === 'number' && this.types[ty]!.kind === 'array');
  }

  structFields(ty: RefHeap): readonly FieldType[] | undefined {
    if (typeof ty !== 'number') return undefined;
    const t = this.types[ty]!;
    return t.kind === 'struct' ? t.fields : undefined;
  }

  arrayElem(ty: RefHeap): FieldType | undefined {
    if (typeof ty !== 'number') return undefined;
    const t = this.types[ty]!;
    return t.kind === 'array' ? t.element : undefined;
  }

  // --- slots -----------------------------------------------------------------------------------

  /**
   * Resolve a slot for reading or writing. `want` filters on the slot's storage: 'ref' for ref
   * locations, 'num' for numeric fields/elements, 'any' for either.
   */
  resolveSlot(v: unknown, want: 'ref' | 'num' | 'any'): { slot: Slot; shape: SlotShape } | undefined {
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
  refValue(v: Record<string, unknown>, dst: RefHeap | undefined): { value: RefValue; ty: RefHeap; len: number | undefined } {
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
  argValue(v: Record<string, unknown>): { value: RefValue; ty: RefHeap } {
    if (v['v'] === 'slot' && asRecord(v['slot'])['s'] !== 'handle') return { value: { v: 'null' }, ty: 'none' };
    const r = this.refValue(v, undefined);
    return { value: r.value, ty: r.ty };
  }

}

export const NULL_VALUE: RefValue = { v: 'null' };

function storageShape(st: StorageType): SlotShape {
  return { ty: typeof st === 'string' ? 'none' : st.heap, storage: st, len: undefined };
}

function refStorage(heap: RefHeap): StorageType {
  return { kind: 'ref', nullable: true, heap };
}

