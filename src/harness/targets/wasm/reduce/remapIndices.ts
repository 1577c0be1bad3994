import { findOpcodeByName } from '../../../../wasm/opcodeTable';
import type { BrOnCastImm, CatchClause, ImmValue, Instr } from '../../../../wasm/syntax/instructions';
import type { Data, Elem, Export, Func, Global, Import, Module, Table, Tag } from '../../../../wasm/syntax/module';
import type { BlockType, CompType, FieldType, HeapType, RefType, StorageType, SubType, ValType } from '../../../../wasm/syntax/types';

/** The index spaces (spec 2.5.1) a reduction renumbers. Labels and locals are renumbered elsewhere. */
export type IndexSpace = 'type' | 'func' | 'table' | 'global' | 'elem' | 'data' | 'tag';

/** A renumbering of one space: the new index, or null when the index is being removed. */
export type IndexMap = (index: number) => number | null;

/** Thrown inside the walk when a removed index is still referenced. */
class StillReferenced extends Error {}

/** The positions of `idx` immediates (by instruction) that belong to each index space (opcodeTable's notes). */
function idxSpaces(op: string): readonly (IndexSpace | null)[] {
  switch (op) {
    case 'call':
    case 'ref.func':
      return ['func'];
    case 'call_indirect':
      return ['type', 'table'];
    case 'call_ref':
      return ['type'];
    case 'global.get':
    case 'global.set':
      return ['global'];
    case 'table.get':
    case 'table.set':
    case 'table.grow':
    case 'table.size':
    case 'table.fill':
      return ['table'];
    case 'table.copy':
      return ['table', 'table'];
    case 'table.init':
      return ['elem', 'table'];
    case 'elem.drop':
      return ['elem'];
    case 'throw':
      return ['tag'];
    case 'memory.init':
    case 'data.drop':
      return ['data'];
    case 'array.copy':
      return ['type', 'type'];
    case 'array.new_data':
    case 'array.init_data':
      return ['type', 'data'];
    case 'array.new_elem':
    case 'array.init_elem':
      return ['type', 'elem'];
    case 'array.new_fixed':
      return ['type', null];
    default:
      // struct.get/set [type, field]; every other struct.*/array.* names its type first.
      if (op.startsWith('struct.') || op.startsWith('array.')) return ['type', null];
      return [];
  }
}

/**
 * Renumbers index space `space` of `m` through `map` everywhere an index of that space occurs
 * (definitions' types, instruction immediates in bodies and constant expressions, exports, the
 * start function, element/data modes). Returns null when `map` removes an index that is still
 * referenced. The definitions themselves are not dropped here: callers remove the entry and pass
 * the matching map.
 */
export function remapIndices(m: Module, space: IndexSpace, map: IndexMap): Module | null {
  const idx = (s: IndexSpace, i: number): number => {
    if (s !== space) return i;
    const j = map(i);
    if (j === null) throw new StillReferenced();
    return j;
  };
  const heap = (h: HeapType): HeapType => (typeof h === 'number' ? idx('type', h) : h);
  const ref = (t: RefType): RefType => (typeof t.heap === 'number' ? { ...t, heap: heap(t.heap) } : t);
  const val = (t: ValType): ValType => (typeof t === 'string' ? t : ref(t));
  const storage = (t: StorageType): StorageType => (t === 'i8' || t === 'i16' ? t : val(t));
  const field = (f: FieldType): FieldType => ({ ...f, storage: storage(f.storage) });
  const comp = (c: CompType): CompType =>
    c.kind === 'func' ? { ...c, params: c.params.map(val), results: c.results.map(val) } : c.kind === 'struct' ? { ...c, fields: c.fields.map(field) } : { ...c, element: field(c.element) };
  const sub = (s: SubType): SubType => ({ ...s, supertypes: s.supertypes.map((x) => idx('type', x)), composite: comp(s.composite) });
  const blockType = (b: BlockType): BlockType => (b.kind === 'index' ? { ...b, index: idx('type', b.index) } : b.kind === 'value' ? { ...b, type: val(b.type) } : b);
  const instr = (ins: Instr): Instr => {
    const spaces = idxSpaces(ins.op);
    let changed = false;
    const kinds = findOpcodeByName(ins.op)?.imm ?? [];
    const imm = ins.imm.map((v: ImmValue, k): ImmValue => {
      let out: ImmValue = v;
      switch (kinds[k]) {
        case 'idx': {
          const s = spaces[k];
          if (s !== undefined && s !== null) out = idx(s, v as number);
          break;
        }
        case 'heaptype':
          out = heap(v as HeapType);
          break;
        case 'reftype':
          out = ref(v as RefType);
          break;
        case 'blocktype':
          out = blockType(v as BlockType);
          break;
        case 'valtypes':
          out = (v as readonly ValType[]).map(val);
          break;
        case 'brOnCast': {
          const b = v as BrOnCastImm;
          out = { ...b, from: ref(b.from), to: ref(b.to) };
          break;
        }
        case 'catches': {
          const cs = v as readonly CatchClause[];
          if (cs.some((cl) => cl.tag !== undefined && idx('tag', cl.tag) !== cl.tag)) out = cs.map((cl) => (cl.tag !== undefined ? { ...cl, tag: idx('tag', cl.tag) } : cl));
          break;
        }
        default:
          break;
      }
      if (out !== v) changed = true;
      return out;
    });
    return changed ? { op: ins.op, imm } : ins;
  };
  const expr = (e: readonly Instr[]): Instr[] => e.map(instr);
  const importDesc = (im: Import): Import => {
    const d = im.desc;
    if (d.kind === 'func') return { ...im, desc: { kind: 'func', typeIndex: idx('type', d.typeIndex) } };
    if (d.kind === 'table') return { ...im, desc: { kind: 'table', type: { ...d.type, element: ref(d.type.element) } } };
    if (d.kind === 'global') return { ...im, desc: { kind: 'global', type: { ...d.type, type: val(d.type.type) } } };
    if (d.kind === 'tag') return { ...im, desc: { kind: 'tag', typeIndex: idx('type', d.typeIndex) } };
    return im;
  };
  const func = (f: Func): Func => ({ ...f, typeIndex: idx('type', f.typeIndex), locals: f.locals.map(val), body: expr(f.body) });
  const table = (t: Table): Table => ({ ...t, type: { ...t.type, element: ref(t.type.element) }, ...(t.init !== undefined ? { init: expr(t.init) } : {}) });
  const global = (g: Global): Global => ({ type: { ...g.type, type: val(g.type.type) }, init: expr(g.init) });
  const elem = (e: Elem): Elem => ({
    type: ref(e.type),
    init: e.init.map(expr),
    mode: e.mode.kind === 'active' ? { kind: 'active', table: idx('table', e.mode.table), offset: expr(e.mode.offset) } : e.mode,
  });
  const data = (d: Data): Data => (d.mode.kind === 'active' ? { ...d, mode: { ...d.mode, offset: expr(d.mode.offset) } } : d);
  const tag = (t: Tag): Tag => ({ typeIndex: idx('type', t.typeIndex) });
  const exportSpace = (k: Export['kind']): IndexSpace | null => (k === 'func' ? 'func' : k === 'table' ? 'table' : k === 'global' ? 'global' : k === 'tag' ? 'tag' : null);
  const exp = (e: Export): Export => {
    const s = exportSpace(e.kind);
    return s === null ? e : { ...e, index: idx(s, e.index) };
  };
  try {
    return {
      ...m,
      types: m.types.map((r) => ({ subtypes: r.subtypes.map(sub) })),
      imports: m.imports.map(importDesc),
      funcs: m.funcs.map(func),
      tables: m.tables.map(table),
      globals: m.globals.map(global),
      elems: m.elems.map(elem),
      datas: m.datas.map(data),
      exports: m.exports.map(exp),
      ...(m.tags !== undefined ? { tags: m.tags.map(tag) } : {}),
      ...(m.start !== undefined ? { start: idx('func', m.start) } : {}),
    };
  } catch (e) {
    if (e instanceof StillReferenced) return null;
    throw e;
  }
}

/** The map that removes index `removed` and closes the gap. */
export function removing(removed: number): IndexMap {
  return (i) => (i === removed ? null : i > removed ? i - 1 : i);
}
