import type { ConstExpr, Instr } from '../syntax/instructions';
import type {
  CustomSection,
  Data,
  DataMode,
  Elem,
  ElemMode,
  Export,
  ExternKind,
  Func,
  Global,
  Import,
  ImportDesc,
  Module,
  Table,
  Tag,
} from '../syntax/module';
import type { MemType, RecType, RefType, ValType } from '../syntax/types';
import { dataForms, elemForms, sectionOrders } from './binaryLayout';
import { ByteReader } from './byteReader';
import { readExpr } from './decodeInstr';
import { readGlobalType, readMemType, readRecType, readRefType, readTableType, readValType } from './decodeTypes';
import { elemForms as encodableElemForms } from './elemForm';
import { SECTION_RANK, SectionId } from './sectionId';

/** The magic number and version 1 (spec 5.5.16). */
const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];

/**
 * Implementation limit on a function's declared locals (the spec's limit is 2^32 - 1; this is V8's
 * limit). The decoder expands local runs, so a larger declaration is rejected with "too many
 * locals" rather than allocating an unbounded array.
 */
export const MAX_FUNCTION_LOCALS = 50_000;

/**
 * Implementation limit on the locals of all functions together, so that a small input cannot
 * expand into a huge array (fifty thousand locals take about seven bytes to declare).
 */
export const MAX_MODULE_LOCALS = 1_000_000;

/** Instructions whose immediates include a data index: they require a data count section (spec 5.5.16). */
const DATA_INDEX_OPS: ReadonlySet<string> = new Set(['memory.init', 'data.drop', 'array.new_data', 'array.init_data']);

function refFunc(): RefType {
  return { kind: 'ref', nullable: false, heap: 'func' };
}
function funcref(): RefType {
  return { kind: 'ref', nullable: true, heap: 'func' };
}

interface CodeEntry {
  readonly locals: readonly ValType[];
  readonly body: readonly Instr[];
}

/** Read a vec(x) (spec 5.1.3) with the count guarded against the bytes left. */
function readVec<T>(r: ByteReader, read: (r: ByteReader) => T): T[] {
  const n = r.len32();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(read(r));
  return out;
}

function readImport(r: ByteReader): Import {
  const moduleName = r.name();
  const name = r.name();
  const at = r.pos;
  const kind = r.u8();
  let desc: ImportDesc;
  switch (kind) {
    case 0x00:
      desc = { kind: 'func', typeIndex: r.u32() };
      break;
    case 0x01:
      desc = { kind: 'table', type: readTableType(r) };
      break;
    case 0x02:
      desc = { kind: 'memory', type: readMemType(r) };
      break;
    case 0x03:
      desc = { kind: 'global', type: readGlobalType(r) };
      break;
    case 0x04:
      desc = { kind: 'tag', typeIndex: readTag(r).typeIndex };
      break;
    default:
      return r.fail('malformed import kind', at);
  }
  return { module: moduleName, name, desc };
}

/** Spec 5.5.7 tables: `tabletype` or, with an initialiser, `0x40 0x00 tabletype expr`. */
function readTable(r: ByteReader): Table {
  if (r.peek() === 0x40) {
    r.pos++;
    r.expect(0x00, 'zero byte expected');
    const type = readTableType(r);
    return { type, init: readExpr(r) };
  }
  return { type: readTableType(r) };
}

function readGlobal(r: ByteReader): Global {
  const type = readGlobalType(r);
  return { type, init: readExpr(r) };
}

const EXPORT_KINDS: readonly ExternKind[] = ['func', 'table', 'memory', 'global', 'tag'];

/** Exception handling tagtype (spec 5.3.x): attribute byte 0x00 (exception), then the type index. */
function readTag(r: ByteReader): Tag {
  const at = r.pos;
  if (r.u8() !== 0x00) r.fail('malformed tag attribute', at);
  return { typeIndex: r.u32() };
}

function readExport(r: ByteReader): Export {
  const name = r.name();
  const at = r.pos;
  const k = r.u8();
  const kind = EXPORT_KINDS[k];
  if (kind === undefined) return r.fail('malformed export kind', at);
  return { name, kind, index: r.u32() };
}

function readElemKind(r: ByteReader): RefType {
  r.expect(0x00, 'malformed element kind');
  return refFunc();
}

function readFuncIndexInits(r: ByteReader): ConstExpr[] {
  return readVec(r, (r) => [{ op: 'ref.func', imm: [r.u32()] }]);
}

/** Spec 5.5.12 element segments: the eight binary forms, by the leading u32 flags. */
function readElem(r: ByteReader): Elem {
  const at = r.pos;
  const form = r.u32();
  let type: RefType;
  let init: ConstExpr[];
  let mode: ElemMode;
  switch (form) {
    case 0:
      mode = { kind: 'active', table: 0, offset: readExpr(r) };
      type = refFunc();
      init = readFuncIndexInits(r);
      break;
    case 1:
      mode = { kind: 'passive' };
      type = readElemKind(r);
      init = readFuncIndexInits(r);
      break;
    case 2: {
      const table = r.u32();
      mode = { kind: 'active', table, offset: readExpr(r) };
      type = readElemKind(r);
      init = readFuncIndexInits(r);
      break;
    }
    case 3:
      mode = { kind: 'declarative' };
      type = readElemKind(r);
      init = readFuncIndexInits(r);
      break;
    case 4:
      mode = { kind: 'active', table: 0, offset: readExpr(r) };
      type = funcref();
      init = readVec(r, readExpr);
      break;
    case 5:
      mode = { kind: 'passive' };
      type = readRefType(r);
      init = readVec(r, readExpr);
      break;
    case 6: {
      const table = r.u32();
      mode = { kind: 'active', table, offset: readExpr(r) };
      type = readRefType(r);
      init = readVec(r, readExpr);
      break;
    }
    case 7:
      mode = { kind: 'declarative' };
      type = readRefType(r);
      init = readVec(r, readExpr);
      break;
    default:
      return r.fail('malformed elements segment kind', at);
  }
  const elem: Elem = { type, init, mode };
  if (encodableElemForms(elem)[0] !== form) elemForms.set(elem, form);
  return elem;
}

/** Spec 5.5.14 data segments: forms 0 (active, memory 0), 1 (passive), 2 (active, explicit memory). */
function readData(r: ByteReader): Data {
  const at = r.pos;
  const form = r.u32();
  let mode: DataMode;
  switch (form) {
    case 0:
      mode = { kind: 'active', memory: 0, offset: readExpr(r) };
      break;
    case 1:
      mode = { kind: 'passive' };
      break;
    case 2: {
      const memory = r.u32();
      mode = { kind: 'active', memory, offset: readExpr(r) };
      break;
    }
    default:
      return r.fail('malformed data segment kind', at);
  }
  const n = r.len32();
  const data: Data = { init: r.take(n), mode };
  if (form === 2 && mode.kind === 'active' && mode.memory === 0) dataForms.set(data, form);
  return data;
}

/**
 * Spec 5.5.13 code: size, then locals (runs of `n t`) and the body expression. `budget.locals` is
 * the number of locals the module may still declare (MAX_MODULE_LOCALS).
 */
function readCode(r: ByteReader, budget: { locals: number }): CodeEntry {
  const size = r.len32();
  const c = r.sub(size);
  const localsAt = c.pos;
  const runs = c.len32();
  const locals: ValType[] = [];
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const n = c.u32();
    const t = readValType(c);
    total += n;
    if (total >= 0x1_0000_0000 || total > MAX_FUNCTION_LOCALS || total > budget.locals) c.fail('too many locals', localsAt);
    for (let j = 0; j < n; j++) locals.push(t);
  }
  budget.locals -= total;
  const body = readExpr(c);
  if (!c.atEnd()) c.fail('section size mismatch', c.pos);
  return { locals, body };
}

/**
 * Decode a binary module (spec 5.5). Promises: returns a Module or throws DecodeError (with the
 * byte offset of the fault) for any input, never another exception; runs in time linear in the
 * input (every loop consumes input or is bounded by a count checked against the bytes left).
 * Decoding checks well-formedness only (section order and sizes, encodings, function/code and
 * data count consistency); validity is `validateModule`'s job. Custom sections are kept, in order.
 */
export function decodeModule(bytes: Uint8Array): Module {
  const r = ByteReader.of(bytes);
  for (let i = 0; i < 4; i++) {
    if (i >= bytes.length) r.fail('unexpected end', bytes.length);
    if (bytes[i] !== MAGIC[i]) r.fail('magic header not detected', 0);
  }
  for (let i = 4; i < 8; i++) {
    if (i >= bytes.length) r.fail('unexpected end', bytes.length);
    if (bytes[i] !== VERSION[i - 4]) r.fail('unknown binary version', 4);
  }
  r.pos = 8;

  let types: RecType[] = [];
  let imports: Import[] = [];
  let funcTypes: number[] = [];
  let tables: Table[] = [];
  let mems: MemType[] = [];
  let globals: Global[] = [];
  let tags: Tag[] = [];
  let exportList: Export[] = [];
  let start: number | undefined;
  let elems: Elem[] = [];
  let dataCount: number | undefined;
  let codes: CodeEntry[] = [];
  let datas: Data[] = [];
  const customs: CustomSection[] = [];

  const localsBudget = { locals: MAX_MODULE_LOCALS };
  const order: number[] = [];
  let lastRank = 0;
  while (!r.atEnd()) {
    const idAt = r.pos;
    const id = r.u8();
    if (id > SectionId.tag) r.fail('malformed section id', idAt);
    const s = r.sub(r.len32());
    order.push(id);
    if (id === SectionId.custom) {
      const name = s.name();
      customs.push({ name, bytes: s.take(s.remaining) });
      continue;
    }
    const rank = SECTION_RANK[id]!;
    if (rank <= lastRank) r.fail('unexpected content after last section', idAt);
    lastRank = rank;
    switch (id) {
      case SectionId.type:
        types = readVec(s, readRecType);
        break;
      case SectionId.import:
        imports = readVec(s, readImport);
        break;
      case SectionId.func:
        funcTypes = readVec(s, (s) => s.u32());
        break;
      case SectionId.table:
        tables = readVec(s, readTable);
        break;
      case SectionId.memory:
        mems = readVec(s, readMemType);
        break;
      case SectionId.tag:
        tags = readVec(s, readTag);
        break;
      case SectionId.global:
        globals = readVec(s, readGlobal);
        break;
      case SectionId.export:
        exportList = readVec(s, readExport);
        break;
      case SectionId.start:
        start = s.u32();
        break;
      case SectionId.elem:
        elems = readVec(s, readElem);
        break;
      case SectionId.dataCount:
        dataCount = s.u32();
        break;
      case SectionId.code:
        codes = readVec(s, (s) => readCode(s, localsBudget));
        break;
      case SectionId.data:
        datas = readVec(s, readData);
        break;
    }
    if (!s.atEnd()) s.fail('section size mismatch', s.pos);
  }

  const end = bytes.length;
  if (funcTypes.length !== codes.length) r.fail('function and code section have inconsistent lengths', end);
  if (dataCount !== undefined && dataCount !== datas.length) r.fail('data count and data section have inconsistent lengths', end);
  if (dataCount === undefined && codes.some((c) => c.body.some((i) => DATA_INDEX_OPS.has(i.op)))) {
    r.fail('data count section required', end);
  }

  const funcs: Func[] = funcTypes.map((typeIndex, i) => ({ typeIndex, locals: codes[i]!.locals, body: codes[i]!.body }));
  const m: Module = {
    types,
    imports,
    funcs,
    tables,
    mems,
    globals,
    ...(tags.length > 0 ? { tags } : {}),
    elems,
    datas,
    ...(start !== undefined ? { start } : {}),
    exports: exportList,
    ...(dataCount !== undefined ? { dataCount } : {}),
    customs,
  };
  sectionOrders.set(m, order);
  return m;
}
