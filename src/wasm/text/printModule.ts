import { f64ImmBits, f64OfBits } from '../syntax/f64Bits';
import { findOpcodeByName } from '../opcodeTable';
import type { BrOnCastImm, BrTableImm, CatchClause, ConstExpr, ImmKind, ImmValue, Instr, MemArg } from '../syntax/instructions';
import type { Data, Elem, Func, Global, Import, Module, Table } from '../syntax/module';
import type { BlockType as BT, CompType, FieldType, HeapType, Limits, RefType, StorageType, SubType, ValType } from '../syntax/types';

/**
 * A WAT printer (spec 6, text format) for reproducers and debugging. Every definition gets the
 * identifier `$<index>` in its index space and references use those identifiers, so the output
 * reads like the binary's index spaces; labels, locals and field indices stay numeric. Bodies are
 * printed flat (one instruction per line, indented by block nesting). Promises: never throws, for
 * any Module, valid or not (out-of-range indices are printed as they are; an instruction name not
 * in the opcode table is printed with its raw immediates).
 */
export function printModule(m: Module): string {
  const out: string[] = ['(module'];
  const types = flattenTypes(m);
  let typeIndex = 0;
  for (const rec of m.types) {
    if (rec.subtypes.length === 1) {
      out.push(`  ${printTypeDef(typeIndex++, rec.subtypes[0]!)}`);
      continue;
    }
    if (rec.subtypes.length === 0) {
      out.push('  (rec)');
      continue;
    }
    out.push('  (rec');
    for (const s of rec.subtypes) out.push(`    ${printTypeDef(typeIndex++, s)}`);
    out.push('  )');
  }
  const counts = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
  for (const im of m.imports) out.push(`  ${printImport(im, counts[im.desc.kind]++)}`);
  m.tables.forEach((t, i) => out.push(`  ${printTable(t, counts.table + i)}`));
  m.mems.forEach((t, i) => out.push(`  (memory $${counts.memory + i} ${printLimits(t.limits)})`));
  (m.tags ?? []).forEach((t, i) => out.push(`  (tag $${counts.tag + i} (type $${t.typeIndex}))`));
  m.globals.forEach((g, i) => out.push(`  ${printGlobal(g, counts.global + i)}`));
  m.funcs.forEach((f, i) => out.push(...printFunc(f, counts.func + i, types)));
  for (const e of m.exports) out.push(`  (export ${printString(new TextEncoder().encode(e.name))} (${e.kind} $${e.index}))`);
  if (m.start !== undefined) out.push(`  (start $${m.start})`);
  m.elems.forEach((e, i) => out.push(`  ${printElem(e, i)}`));
  if (m.dataCount !== undefined) out.push(`  ;; data count section: ${m.dataCount}`);
  m.datas.forEach((d, i) => out.push(`  ${printData(d, i)}`));
  for (const c of m.customs) out.push(`  ;; custom section ${printString(new TextEncoder().encode(c.name))}: ${c.bytes.length} bytes`);
  out.push(')');
  return out.join('\n') + '\n';
}

function flattenTypes(m: Module): SubType[] {
  return m.types.flatMap((r) => r.subtypes);
}

// ---- Types (spec 6.4) ----

const SHORTHAND: Readonly<Record<string, string>> = {
  func: 'funcref',
  nofunc: 'nullfuncref',
  extern: 'externref',
  noextern: 'nullexternref',
  any: 'anyref',
  eq: 'eqref',
  i31: 'i31ref',
  struct: 'structref',
  array: 'arrayref',
  none: 'nullref',
};

export function printHeapType(h: HeapType): string {
  return typeof h === 'number' ? `$${h}` : h;
}

export function printRefType(t: RefType): string {
  if (t.nullable && typeof t.heap === 'string') return SHORTHAND[t.heap] ?? `(ref null ${t.heap})`;
  return `(ref ${t.nullable ? 'null ' : ''}${printHeapType(t.heap)})`;
}

export function printValType(t: ValType): string {
  return typeof t === 'string' ? t : printRefType(t);
}

function printStorageType(t: StorageType): string {
  return t === 'i8' || t === 'i16' ? t : printValType(t);
}

function printFieldType(f: FieldType): string {
  const s = printStorageType(f.storage);
  return f.mutable ? `(mut ${s})` : s;
}

function printParamsResults(params: readonly ValType[], results: readonly ValType[]): string {
  const parts: string[] = [];
  if (params.length > 0) parts.push(`(param ${params.map(printValType).join(' ')})`);
  if (results.length > 0) parts.push(`(result ${results.map(printValType).join(' ')})`);
  return parts.join(' ');
}

function printCompType(c: CompType): string {
  switch (c.kind) {
    case 'func': {
      const pr = printParamsResults(c.params, c.results);
      return pr === '' ? '(func)' : `(func ${pr})`;
    }
    case 'struct':
      return c.fields.length === 0 ? '(struct)' : `(struct ${c.fields.map((f) => `(field ${printFieldType(f)})`).join(' ')})`;
    case 'array':
      return `(array ${printFieldType(c.element)})`;
  }
}

function printTypeDef(index: number, s: SubType): string {
  const comp = printCompType(s.composite);
  if (s.final && s.supertypes.length === 0) return `(type $${index} ${comp})`;
  const supers = s.supertypes.map((x) => ` $${x}`).join('');
  return `(type $${index} (sub${s.final ? ' final' : ''}${supers} ${comp}))`;
}

function printLimits(l: Limits): string {
  return l.max === undefined ? `${l.min}` : `${l.min} ${l.max}`;
}

// ---- Module fields (spec 6.6) ----

function printImport(im: Import, index: number): string {
  const names = `${printString(new TextEncoder().encode(im.module))} ${printString(new TextEncoder().encode(im.name))}`;
  const d = im.desc;
  let desc: string;
  switch (d.kind) {
    case 'func':
      desc = `(func $${index} (type $${d.typeIndex}))`;
      break;
    case 'table':
      desc = `(table $${index} ${printLimits(d.type.limits)} ${printRefType(d.type.element)})`;
      break;
    case 'memory':
      desc = `(memory $${index} ${printLimits(d.type.limits)})`;
      break;
    case 'global':
      desc = `(global $${index} ${d.type.mutable ? `(mut ${printValType(d.type.type)})` : printValType(d.type.type)})`;
      break;
    case 'tag':
      desc = `(tag $${index} (type $${d.typeIndex}))`;
      break;
  }
  return `(import ${names} ${desc})`;
}

function printTable(t: Table, index: number): string {
  const init = t.init === undefined ? '' : ` ${printConstExpr(t.init)}`;
  return `(table $${index} ${printLimits(t.type.limits)} ${printRefType(t.type.element)}${init})`;
}

function printGlobal(g: Global, index: number): string {
  const t = g.type.mutable ? `(mut ${printValType(g.type.type)})` : printValType(g.type.type);
  return `(global $${index} ${t} ${printConstExpr(g.init)})`;
}

function printElem(e: Elem, index: number): string {
  const items = e.init.map((x) => ` (item ${printConstExpr(x)})`).join('');
  const m = e.mode;
  const mode =
    m.kind === 'passive' ? '' : m.kind === 'declarative' ? ' declare' : ` (table $${m.table}) (offset ${printConstExpr(m.offset)})`;
  return `(elem $${index}${mode} ${printRefType(e.type)}${items})`;
}

function printData(d: Data, index: number): string {
  const m = d.mode;
  const mode = m.kind === 'passive' ? '' : ` (memory $${m.memory}) (offset ${printConstExpr(m.offset)})`;
  return `(data $${index}${mode} ${printString(d.init)})`;
}

function printFunc(f: Func, index: number, types: readonly SubType[]): string[] {
  const t = types[f.typeIndex]?.composite;
  const sig = t?.kind === 'func' ? printParamsResults(t.params, t.results) : '';
  const head = `  (func $${index} (type $${f.typeIndex})${sig === '' ? '' : ` ${sig}`}`;
  const lines = [head];
  if (f.locals.length > 0) lines.push(`    (local ${f.locals.map(printValType).join(' ')})`);
  let depth = 0;
  for (const i of f.body) {
    if (i.op === 'end' || i.op === 'else') depth = Math.max(0, depth - 1);
    lines.push(`    ${'  '.repeat(depth)}${printInstr(i)}`);
    if (i.op === 'block' || i.op === 'loop' || i.op === 'if' || i.op === 'else') depth++;
  }
  lines.push('  )');
  return lines;
}

function printConstExpr(e: ConstExpr): string {
  return e.map(printInstr).join(' ');
}

/** A WAT string literal (spec 6.3.3): printable ASCII as is, everything else as \hh escapes. */
export function printString(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) s += String.fromCharCode(b);
    else s += `\\${b.toString(16).padStart(2, '0')}`;
  }
  return s + '"';
}

// ---- Instructions (spec 6.5) ----

/** Index spaces of `idx` immediates, per instruction, in binary order. Unlisted ones print numerically. */
type Space = 'func' | 'type' | 'table' | 'global' | 'elem' | 'data' | 'num';
const IDX_SPACES: Readonly<Record<string, readonly Space[]>> = {
  call: ['func'],
  'ref.func': ['func'],
  call_indirect: ['type', 'table'],
  call_ref: ['type'],
  'global.get': ['global'],
  'global.set': ['global'],
  'table.get': ['table'],
  'table.set': ['table'],
  'table.grow': ['table'],
  'table.size': ['table'],
  'table.fill': ['table'],
  'table.init': ['elem', 'table'],
  'table.copy': ['table', 'table'],
  'elem.drop': ['elem'],
  'memory.init': ['data'],
  'data.drop': ['data'],
  'struct.new': ['type'],
  'struct.new_default': ['type'],
  'struct.get': ['type', 'num'],
  'struct.get_s': ['type', 'num'],
  'struct.get_u': ['type', 'num'],
  'struct.set': ['type', 'num'],
  'array.new': ['type'],
  'array.new_default': ['type'],
  'array.new_fixed': ['type', 'num'],
  'array.new_data': ['type', 'data'],
  'array.new_elem': ['type', 'elem'],
  'array.get': ['type'],
  'array.get_s': ['type'],
  'array.get_u': ['type'],
  'array.set': ['type'],
  'array.fill': ['type'],
  'array.copy': ['type', 'type'],
  'array.init_data': ['type', 'data'],
  'array.init_elem': ['type', 'elem'],
};

function printF32(bits: number): string {
  const sign = bits >>> 31 ? '-' : '';
  const exp = (bits >>> 23) & 0xff;
  const frac = bits & 0x7f_ffff;
  if (exp === 0xff) return frac === 0 ? `${sign}inf` : frac === 0x40_0000 ? `${sign}nan` : `${sign}nan:0x${frac.toString(16)}`;
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, bits);
  const v = dv.getFloat32(0);
  return Object.is(v, -0) ? '-0' : String(v);
}

/** An f64 immediate (u64 bit pattern) in the text format; NaNs from the bits, so payloads are exact. */
function printF64(bits: bigint): string {
  const sign = bits >> 63n ? '-' : '';
  const exp = (bits >> 52n) & 0x7ffn;
  const frac = bits & 0xf_ffff_ffff_ffffn;
  if (exp === 0x7ffn) return frac === 0n ? `${sign}inf` : frac === 1n << 51n ? `${sign}nan` : `${sign}nan:0x${frac.toString(16)}`;
  const x = f64OfBits(bits);
  return Object.is(x, -0) ? '-0' : String(x);
}

function printBlockType(b: BT): string {
  switch (b.kind) {
    case 'empty':
      return '';
    case 'value':
      return ` (result ${printValType(b.type)})`;
    case 'index':
      return ` (type $${b.index})`;
  }
}

function printMemArg(m: MemArg): string {
  const parts: string[] = [];
  if (m.offset !== 0) parts.push(`offset=${m.offset}`);
  parts.push(`align=${2 ** m.align}`);
  return ` ${parts.join(' ')}`;
}

function isObject(v: ImmValue): v is Exclude<ImmValue, number | bigint | string> {
  return typeof v === 'object' && v !== null;
}

function printImm(kind: ImmKind, v: ImmValue, space: Space | undefined): string {
  switch (kind) {
    case 'idx':
      return space !== undefined && space !== 'num' ? ` $${String(v)}` : ` ${String(v)}`;
    case 'i32':
    case 'i64':
      return ` ${String(v)}`;
    case 'f32':
      return typeof v === 'number' ? ` ${printF32(v)}` : ` ${String(v)}`;
    case 'f64':
      return typeof v === 'number' || typeof v === 'bigint' ? ` ${printF64(f64ImmBits(v))}` : ` ${String(v)}`;
    case 'blocktype':
      return isObject(v) && 'kind' in v ? printBlockType(v as BT) : ` ${String(v)}`;
    case 'memarg':
      return isObject(v) && 'align' in v ? printMemArg(v as MemArg) : ` ${String(v)}`;
    case 'heaptype':
      return typeof v === 'number' || typeof v === 'string' ? ` ${printHeapType(v as HeapType)}` : ` ${String(v)}`;
    case 'reftype':
      return isObject(v) && 'heap' in v ? ` ${printRefType(v as RefType)}` : ` ${String(v)}`;
    case 'valtypes':
      return Array.isArray(v) && v.length > 0 ? ` (result ${(v as readonly ValType[]).map(printValType).join(' ')})` : '';
    case 'brtable': {
      if (!isObject(v) || !('labels' in v)) return ` ${String(v)}`;
      const t = v as BrTableImm;
      return ` ${[...t.labels, t.defaultLabel].join(' ')}`;
    }
    case 'brOnCast': {
      if (!isObject(v) || !('label' in v)) return ` ${String(v)}`;
      const c = v as BrOnCastImm;
      return ` ${c.label} ${printRefType(c.from)} ${printRefType(c.to)}`;
    }
    case 'catches':
      return Array.isArray(v)
        ? (v as readonly CatchClause[]).map((c) => ` (${c.kind}${c.tag !== undefined ? ` $${c.tag}` : ''} ${c.label})`).join('')
        : ` ${String(v)}`;
    case 'zero':
      return '';
  }
}

/** One instruction in flat text form, e.g. `i32.load offset=4 align=4` or `ref.cast (ref null $3)`. */
export function printInstr(i: Instr): string {
  const e = findOpcodeByName(i.op);
  if (e === undefined) return `${i.op} ;; unknown instruction ${safeJson(i.imm)}`;
  if (i.op === 'ref.test' || i.op === 'ref.cast' || i.op === 'ref.test null' || i.op === 'ref.cast null') {
    const h = i.imm[0];
    const heap = typeof h === 'number' || typeof h === 'string' ? (h as HeapType) : 'any';
    return `${i.op.replace(' null', '')} ${printRefType({ kind: 'ref', nullable: i.op.endsWith(' null'), heap })}`;
  }
  const name = i.op === 'select t' ? 'select' : i.op;
  const spaces = IDX_SPACES[i.op];
  const imms = e.imm.map((k, n) => (n < i.imm.length ? printImm(k, i.imm[n]!, spaces?.[n]) : ' ?'));
  // Text order differs from binary order for these two (spec 6.5.2, 6.5.5).
  if (i.op === 'call_indirect' && imms.length === 2) return `call_indirect${imms[1]} (type${imms[0]})`;
  if (i.op === 'table.init' && imms.length === 2) return `table.init${imms[1]}${imms[0]}`;
  return name + imms.join('');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
  } catch {
    return String(v);
  }
}
