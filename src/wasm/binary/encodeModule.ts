import type { Data, Elem, Func, Import, Module, Table } from '../syntax/module';
import type { ValType } from '../syntax/types';
import { dataForms, elemForms as elemFormHints, sectionOrders } from './binaryLayout';
import { ByteWriter } from './byteWriter';
import { elemForms, refFuncIndex } from './elemForm';
import { writeExpr } from './encodeInstr';
import { writeGlobalType, writeLimits, writeRecType, writeRefType, writeTableType, writeValType } from './encodeTypes';
import { SectionId } from './sectionId';

const EXPORT_KIND_CODE = { func: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;

function writeVec<T>(w: ByteWriter, xs: readonly T[], write: (w: ByteWriter, x: T) => void): void {
  w.u32(xs.length);
  for (const x of xs) write(w, x);
}

function section(w: ByteWriter, id: number, fill: (w: ByteWriter) => void): void {
  w.u8(id);
  w.sized(fill);
}

function writeImport(w: ByteWriter, im: Import): void {
  w.name(im.module);
  w.name(im.name);
  const d = im.desc;
  switch (d.kind) {
    case 'func':
      w.u8(0);
      w.u32(d.typeIndex);
      return;
    case 'table':
      w.u8(1);
      writeTableType(w, d.type);
      return;
    case 'memory':
      w.u8(2);
      writeLimits(w, d.type.limits);
      return;
    case 'global':
      w.u8(3);
      writeGlobalType(w, d.type);
      return;
    case 'tag':
      w.u8(4);
      w.u8(0);
      w.u32(d.typeIndex);
      return;
  }
}

function writeTable(w: ByteWriter, t: Table): void {
  if (t.init !== undefined) {
    w.u8(0x40);
    w.u8(0x00);
    writeTableType(w, t.type);
    writeExpr(w, t.init);
  } else {
    writeTableType(w, t.type);
  }
}

/** Spec 5.5.12: the recorded form if the decoder saw one and it still fits, else the canonical form. */
function writeElem(w: ByteWriter, e: Elem): void {
  const forms = elemForms(e);
  const recorded = elemFormHints.get(e);
  const form = recorded !== undefined && forms.includes(recorded) ? recorded : forms[0]!;
  w.u32(form);
  const m = e.mode;
  if (m.kind === 'active') {
    if (form === 2 || form === 6) w.u32(m.table);
    writeExpr(w, m.offset);
  }
  if (form <= 3) {
    if (form !== 0) w.u8(0x00); // elemkind funcref
    writeVec(w, e.init, (w, x) => w.u32(refFuncIndex(x)!));
  } else {
    if (form !== 4) writeRefType(w, e.type);
    writeVec(w, e.init, writeExpr);
  }
}

/** Spec 5.5.14: form 0 for active segments of memory 0 (unless form 2 was recorded), 2 for other memories, 1 for passive. */
function writeData(w: ByteWriter, d: Data): void {
  const m = d.mode;
  if (m.kind === 'passive') {
    w.u32(1);
  } else if (m.memory === 0 && dataForms.get(d) !== 2) {
    w.u32(0);
    writeExpr(w, m.offset);
  } else {
    w.u32(2);
    w.u32(m.memory);
    writeExpr(w, m.offset);
  }
  w.u32(d.init.length);
  w.bytes(d.init);
}

/** Spec 5.5.13: locals as runs of consecutive equal types. */
function writeLocals(w: ByteWriter, locals: readonly ValType[]): void {
  const runs: [number, ValType][] = [];
  for (const t of locals) {
    const last = runs[runs.length - 1];
    if (last !== undefined && sameValType(last[1], t)) last[0]++;
    else runs.push([1, t]);
  }
  w.u32(runs.length);
  for (const [n, t] of runs) {
    w.u32(n);
    writeValType(w, t);
  }
}

function sameValType(a: ValType, b: ValType): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.nullable === b.nullable && a.heap === b.heap;
}

function writeCode(w: ByteWriter, f: Func): void {
  w.sized((w) => {
    writeLocals(w, f.locals);
    writeExpr(w, f.body);
  });
}

/** Whether section `id` has content in `m` (and so must be written). */
function hasContent(m: Module, id: number): boolean {
  switch (id) {
    case SectionId.type:
      return m.types.length > 0;
    case SectionId.import:
      return m.imports.length > 0;
    case SectionId.func:
    case SectionId.code:
      return m.funcs.length > 0;
    case SectionId.table:
      return m.tables.length > 0;
    case SectionId.memory:
      return m.mems.length > 0;
    case SectionId.tag:
      return (m.tags?.length ?? 0) > 0;
    case SectionId.global:
      return m.globals.length > 0;
    case SectionId.export:
      return m.exports.length > 0;
    case SectionId.start:
      return m.start !== undefined;
    case SectionId.elem:
      return m.elems.length > 0;
    case SectionId.dataCount:
      return m.dataCount !== undefined;
    case SectionId.data:
      return m.datas.length > 0;
    default:
      return false;
  }
}

/** Non-custom section ids in the spec's order (spec 5.5.16). */
const CANONICAL_ORDER: readonly number[] = [
  SectionId.type,
  SectionId.import,
  SectionId.func,
  SectionId.table,
  SectionId.memory,
  SectionId.tag,
  SectionId.global,
  SectionId.export,
  SectionId.start,
  SectionId.elem,
  SectionId.dataCount,
  SectionId.code,
  SectionId.data,
];

/**
 * The order to write sections in: the decoder's recorded order when it still fits the module (one
 * custom entry per custom section, every section with content present, start and data count only
 * if present), else the canonical order: non-empty sections, then the custom sections.
 */
function sectionOrder(m: Module): readonly number[] {
  const recorded = sectionOrders.get(m);
  if (recorded !== undefined) {
    const customs = recorded.filter((id) => id === SectionId.custom).length;
    const fits =
      customs === m.customs.length &&
      CANONICAL_ORDER.every((id) => !hasContent(m, id) || recorded.includes(id)) &&
      (m.start !== undefined || !recorded.includes(SectionId.start)) &&
      (m.dataCount !== undefined || !recorded.includes(SectionId.dataCount));
    if (fits) return recorded;
  }
  const order = CANONICAL_ORDER.filter((id) => hasContent(m, id));
  for (let i = 0; i < m.customs.length; i++) order.push(SectionId.custom);
  return order;
}

function writeSection(w: ByteWriter, m: Module, id: number): void {
  switch (id) {
    case SectionId.type:
      return section(w, id, (w) => writeVec(w, m.types, writeRecType));
    case SectionId.import:
      return section(w, id, (w) => writeVec(w, m.imports, writeImport));
    case SectionId.func:
      return section(w, id, (w) => writeVec(w, m.funcs, (w, f) => w.u32(f.typeIndex)));
    case SectionId.table:
      return section(w, id, (w) => writeVec(w, m.tables, writeTable));
    case SectionId.memory:
      return section(w, id, (w) => writeVec(w, m.mems, (w, t) => writeLimits(w, t.limits)));
    case SectionId.tag:
      return section(w, id, (w) => writeVec(w, m.tags ?? [], (w, t) => { w.u8(0); w.u32(t.typeIndex); }));
    case SectionId.global:
      return section(w, id, (w) =>
        writeVec(w, m.globals, (w, g) => {
          writeGlobalType(w, g.type);
          writeExpr(w, g.init);
        }),
      );
    case SectionId.export:
      return section(w, id, (w) =>
        writeVec(w, m.exports, (w, e) => {
          w.name(e.name);
          w.u8(EXPORT_KIND_CODE[e.kind]);
          w.u32(e.index);
        }),
      );
    case SectionId.start:
      return section(w, id, (w) => w.u32(m.start!));
    case SectionId.elem:
      return section(w, id, (w) => writeVec(w, m.elems, writeElem));
    case SectionId.dataCount:
      return section(w, id, (w) => w.u32(m.dataCount!));
    case SectionId.code:
      return section(w, id, (w) => writeVec(w, m.funcs, writeCode));
    case SectionId.data:
      return section(w, id, (w) => writeVec(w, m.datas, writeData));
  }
}

/**
 * Encode a module (spec 5.5). Promises:
 * - `decodeModule(encodeModule(m))` deep-equals `m` for any module whose instructions name opcode
 *   table entries with immediates of the shapes their ImmKinds give (InvariantError otherwise);
 * - `encodeModule(decodeModule(b))` reproduces `b` byte for byte when `b` uses shortest LEB128s:
 *   the layout choices the abstract syntax does not record are remembered for decoded objects
 *   (binaryLayout.ts) and replayed;
 * - other modules get the canonical layout: shortest LEB128s, shorthand type encodings, the most
 *   compact element and data segment forms, non-empty sections in spec order and custom sections
 *   last. The data count section is written iff `dataCount` is present.
 */
export function encodeModule(m: Module): Uint8Array {
  const w = new ByteWriter();
  w.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  let nextCustom = 0;
  for (const id of sectionOrder(m)) {
    if (id === SectionId.custom) {
      const c = m.customs[nextCustom++]!;
      section(w, SectionId.custom, (w) => {
        w.name(c.name);
        w.bytes(c.bytes);
      });
    } else {
      writeSection(w, m, id);
    }
  }
  return w.finish();
}
