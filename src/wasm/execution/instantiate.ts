import type { TagInstance } from './tagInstance';
import { LinkError } from '../../errors/LinkError';
import { isSubtypeVal } from '../validation/subtyping';
import type { ValidatedModule } from '../validation/validatedModule';
import type { Import } from '../syntax/module';
import type { Limits, ValType } from '../syntax/types';
import { canonFuncType, canonGlobalType, canonRefType, canonTableType, canonValType } from './canonicalTypes';
import { constRef, evalConstExpr, type ConstValue } from './constExpr';
import { DataInstance } from './dataInstance';
import { ElemInstance } from './elemInstance';
import { lookupImport, type ExternVal, type Imports } from './externVal';
import { FuncInstance } from './funcInstance';
import { GlobalInstance } from './globalInstance';
import { MemInstance } from './memInstance';
import { ModuleInstance } from './moduleInstance';
import { TableInstance } from './tableInstance';
import { canonicalIsFunc, valKindOf, valKinds, ValKind } from './valKind';
import type { WasmStore } from './wasmStore';
import { tableInit } from './interpreter/tableOps';
import { memoryInit } from './interpreter/memoryOps';

export interface InstantiateOptions {
  /** Fuel for the start function (default: the store's). */
  readonly fuel?: number;
}

/**
 * Spec 4.5.4 module instantiation into `ws`:
 * 1. resolve and type-check imports (LinkError "unknown import" / "incompatible import type";
 *    function, global and table types are compared as canonical types with subtyping);
 * 2. allocate function instances (each gets its FuncRefTable id), imported then defined tables,
 *    memories and globals; globals are initialised in order by their constant expressions (which
 *    may allocate GC objects and read earlier globals), then tables with initialisers, then element
 *    segments (GC refs held in counted, rooted slots) and data segments;
 * 3. apply active element segments (`table.init` then `elem.drop`), drop declarative ones, apply
 *    active data segments (`memory.init` then `data.drop`), in order;
 * 4. run the start function.
 * A trap in 3 or 4 (or an allocation failure) propagates as a Trap; what was initialised before it
 * stays in effect (spec), and nothing allocated is dropped — every global, table and segment
 * created stays owned and rooted by the store, so no uninitialised slot is ever released
 * (CVE-2022-23636). Every intermediate GC ref lives in a Store handle of a scope exited at the end.
 */
export function instantiate(ws: WasmStore, validated: ValidatedModule, imports: Imports = {}, options: InstantiateOptions = {}): ModuleInstance {
  const m = validated.module;
  const types = ws.types;
  const typeIds = validated.typeIds;
  const inst = new ModuleInstance(validated);
  const isFuncCanon = canonicalIsFunc(types);
  const isFuncModule = (h: number): boolean => validated.types[h]?.composite.kind === 'func';

  for (const imp of m.imports) bindImport(ws, inst, imp, lookupImport(imports, imp.module, imp.name));

  const exportName = new Map<number, string>();
  for (const e of m.exports) if (e.kind === 'func' && !exportName.has(e.index)) exportName.set(e.index, e.name);
  const nImportedFuncs = inst.funcs.length;
  for (let i = 0; i < m.funcs.length; i++) {
    const index = nImportedFuncs + i;
    const ti = validated.funcTypeIndices[index]!;
    const ft = validated.types[ti]!.composite;
    if (ft.kind !== 'func') throw new LinkError(`function ${index} has a non-function type`);
    const cft = canonFuncType(ft, typeIds);
    const f = new FuncInstance(typeIds[ti]!, cft, valKinds(cft.params, isFuncCanon), valKinds(cft.results, isFuncCanon), inst, i, null, exportName.get(index) ?? `func ${index}`);
    ws.funcRefs.register(f);
    inst.funcs.push(f);
  }
  for (const mt of m.mems) inst.mems.push(new MemInstance(mt, ws.maxMemoryPages));
  (m.tags ?? []).forEach((t) => {
    const ft = validated.types[t.typeIndex]!.composite;
    if (ft.kind !== 'func') throw new LinkError(`tag ${inst.tags.length} has a non-function type`);
    inst.tags.push(ws.newTag(typeIds[t.typeIndex]!, canonFuncType(ft, typeIds), `tag ${inst.tags.length}`));
  });

  const store = ws.store;
  const heap = ws.heap;
  const hostData = ws.hostData;
  const mark = store.enterScope();
  try {
    const write = (slots: { [i: number]: number }, i: number, v: ConstValue, gc: boolean): void => {
      if (gc) heap.writeGcRef(hostData, slots, i, constRef(ws, v));
      else slots[i] = v as number;
      if (typeof v === 'object') store.drop(v);
    };
    for (const g of m.globals) {
      const gt = canonGlobalType(g.type, typeIds);
      const kind = valKindOf(g.type.type, isFuncModule);
      const v = evalConstExpr(ws, inst, g.init);
      const gi = new GlobalInstance(gt, kind);
      if (kind === ValKind.GcRef) ws.addGcGlobal(gi);
      if (kind === ValKind.I64) gi.i64 = v as bigint;
      else if (kind === ValKind.F64) gi.f64Bits = v as bigint;
      else write(gi.cell, 0, v, kind === ValKind.GcRef);
      inst.globals.push(gi);
    }
    for (const t of m.tables) {
      const tt = canonTableType(t.type, typeIds);
      const gc = valKindOf(t.type.element, isFuncModule) === ValKind.GcRef;
      const ti = new TableInstance(tt, gc, ws.maxTableSize);
      if (gc) ws.addGcTable(ti);
      inst.tables.push(ti);
      if (t.init !== undefined) {
        const v = evalConstExpr(ws, inst, t.init);
        const r = constRef(ws, v);
        ti.fill(heap, hostData, 0, r, ti.size);
        if (typeof v === 'object') store.drop(v);
      }
    }
    for (const e of m.elems) {
      const gc = valKindOf(e.type, isFuncModule) === ValKind.GcRef;
      const seg = new ElemInstance(canonRefType(e.type, typeIds), gc, e.init.length);
      if (gc) ws.addGcElem(seg);
      inst.elems.push(seg);
      for (let i = 0; i < e.init.length; i++) write(seg.refs, i, evalConstExpr(ws, inst, e.init[i]!), gc);
    }
  } finally {
    store.exitScope(mark);
  }
  for (const d of m.datas) inst.datas.push(new DataInstance(d.init));

  for (const e of m.exports) {
    const v: ExternVal =
      e.kind === 'func' ? inst.funcs[e.index]! : e.kind === 'table' ? inst.tables[e.index]! : e.kind === 'memory' ? inst.mems[e.index]! : e.kind === 'tag' ? inst.tags[e.index]! : inst.globals[e.index]!;
    inst.exports.set(e.name, v);
  }

  for (let i = 0; i < m.elems.length; i++) {
    const mode = m.elems[i]!.mode;
    const seg = inst.elems[i]!;
    if (mode.kind === 'active') {
      const off = evalConstExpr(ws, inst, mode.offset) as number;
      tableInit(ws, inst.tables[mode.table]!, seg, off >>> 0, 0, seg.length);
      seg.drop(heap, hostData);
    } else if (mode.kind === 'declarative') {
      seg.drop(heap, hostData);
    }
  }
  for (let i = 0; i < m.datas.length; i++) {
    const mode = m.datas[i]!.mode;
    if (mode.kind !== 'active') continue;
    const data = inst.datas[i]!;
    const off = evalConstExpr(ws, inst, mode.offset) as number;
    memoryInit(inst.mems[mode.memory]!, data, off >>> 0, 0, data.bytes.length);
    data.drop();
  }
  if (m.start !== undefined) ws.thread.invoke(inst.funcs[m.start]!, [], options.fuel);
  return inst;
}

function incompatible(imp: Import, detail: string): LinkError {
  return new LinkError(`incompatible import type: ${imp.module}.${imp.name} (${detail})`);
}

/** Spec 4.5.2 limits matching. */
function limitsMatch(actual: Limits, expected: Limits): boolean {
  if (actual.min < expected.min) return false;
  if (expected.max === undefined) return true;
  return actual.max !== undefined && actual.max <= expected.max;
}

function equivalent(ws: WasmStore, a: ValType, b: ValType): boolean {
  return isSubtypeVal(ws.types, a, b) && isSubtypeVal(ws.types, b, a);
}

/** Spec 4.5.2 external typing and import matching; binds the import into `inst`'s index spaces. */
function bindImport(ws: WasmStore, inst: ModuleInstance, imp: Import, ev: ExternVal | undefined): void {
  if (ev === undefined) throw new LinkError(`unknown import: ${imp.module}.${imp.name}`);
  const typeIds = inst.typeIds;
  const desc = imp.desc;
  if (desc.kind !== ev.externKind) throw incompatible(imp, `expected a ${desc.kind}, got a ${ev.externKind}`);
  switch (desc.kind) {
    case 'func': {
      const f = ev as FuncInstance;
      const want = typeIds[desc.typeIndex]!;
      if (f.typeId !== want && !ws.types.isSubtype(f.typeId, want)) throw incompatible(imp, 'function type');
      inst.funcs.push(f);
      return;
    }
    case 'table': {
      const t = ev as TableInstance;
      const want = canonTableType(desc.type, typeIds);
      if (!limitsMatch(t.type.limits, want.limits)) throw incompatible(imp, 'table limits');
      if (!equivalent(ws, t.type.element, want.element)) throw incompatible(imp, 'table element type');
      inst.tables.push(t);
      return;
    }
    case 'memory': {
      const mem = ev as MemInstance;
      if (!limitsMatch(mem.type.limits, desc.type.limits)) throw incompatible(imp, 'memory limits');
      inst.mems.push(mem);
      return;
    }
    case 'global': {
      const g = ev as GlobalInstance;
      const want = canonValType(desc.type.type, typeIds);
      if (g.type.mutable !== desc.type.mutable) throw incompatible(imp, 'global mutability');
      const ok = desc.type.mutable ? equivalent(ws, g.type.type, want) : isSubtypeVal(ws.types, g.type.type, want);
      if (!ok) throw incompatible(imp, 'global type');
      inst.globals.push(g);
      return;
    }
    case 'tag': {
      // Exception handling: tag types match when they are equivalent (both directions).
      const t = ev as TagInstance;
      if (t.typeId !== typeIds[desc.typeIndex]!) throw incompatible(imp, 'tag type');
      inst.tags.push(t);
      return;
    }
  }
}
