import type { GcTypeRegistry } from '../../runtime/gcTypes';
import { ValidationError } from '../../errors/ValidationError';
import type { ConstExpr } from '../syntax/instructions';
import type { Module } from '../syntax/module';
import type { FuncType, GlobalType, Limits, MemType, RefType, SubType, TableType } from '../syntax/types';
import { CodeValidator } from './codeValidator';
import { badTypeReason, encodeRefType, encodeValType } from './encodeValType';
import type { ModuleContext } from './moduleContext';
import { Rule, opInfo } from './opInfo';
import { KIND_FUNC, isSubValCode } from './subtyping';
import { typeCanonFor } from './typeCanon';
import { VT_I32, isDefaultableCode } from './typeCode';
import type { FuncSideTable, ValidatedModule } from './validatedModule';
import { validateFunc } from './validateFunc';

const TABLE_MAX = 0xffff_ffff;
const MEMORY_MAX_PAGES = 0x1_0000;

/**
 * Validates a decoded module (spec 3.4.10 "Modules") against the store's type registry and returns
 * it with canonical type ids and per-function side tables.
 *
 * Promises: for any `Module` (including nonsense a fuzzer builds) it returns or throws a
 * ValidationError whose `reason` is the spec's wording ("type mismatch", "unknown type 3",
 * "uninitialized local", ...), never another exception. Work is linear in the module's size
 * (subtype checks walk declared supertype chains). Rec groups are canonicalised through the
 * registry's TypeCanon (./typeCanon), so modules validated against the same registry share
 * canonical ids; only valid rec groups are registered, but a module that fails later (in a
 * function body, say) keeps the groups it registered — they are valid types.
 *
 * Rules follow the GC-era spec (Wasm 3.0): constant expressions may use `global.get` of an
 * immutable global — in a global initialiser the imported and earlier globals, in a table
 * initialiser the imported globals, in segment offsets and elements any global; extended-
 * const arithmetic and the GC allocation instructions are constant (opcode-table `constant`);
 * C.refs (functions `ref.func` may name in bodies) are the functions named anywhere outside
 * function bodies and the start function — element segments, global and table initialisers,
 * exports. Out of scope here: multiple memories ("multiple memories" is an error), 64-bit limits.
 */
export function validateModule(module: Module, types: GcTypeRegistry): ValidatedModule {
  try {
    return validate(module, types);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    // A malformed AST the guards missed must still surface as a validation failure.
    throw new ValidationError('malformed module', e instanceof Error ? e.message : String(e));
  }
}

function validate(module: Module, registry: GcTypeRegistry): ValidatedModule {
  const canon = typeCanonFor(registry);

  // Spec 3.4.x types: rec groups in order, each canonicalised.
  const types: SubType[] = [];
  const typeIds: number[] = [];
  for (let g = 0; g < module.types.length; g++) {
    const group = module.types[g]!;
    const start = types.length;
    let base: number;
    try {
      base = canon.canonicaliseRecGroup(group, start, typeIds);
    } catch (e) {
      if (e instanceof ValidationError && e.where === '') throw new ValidationError(e.reason, `rec group ${g} (type ${start})`);
      throw e;
    }
    for (let i = 0; i < group.subtypes.length; i++) {
      types.push(group.subtypes[i]!);
      typeIds.push(base + i);
    }
  }

  const funcTypeIndex = (x: unknown, where: string): number => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= types.length) throw new ValidationError(`unknown type ${String(x)}`, where);
    if (canon.kindOf(typeIds[x]!) !== KIND_FUNC) throw new ValidationError('type mismatch', `${where}: type ${x} is not a function type`);
    return x;
  };
  const refTypeCode = (t: RefType, where: string): number => {
    const c = encodeRefType(t, typeIds);
    if (c < 0) throw new ValidationError(badTypeReason(t), where);
    return c;
  };

  // Imports (spec 3.4.x), then the module's own definitions: the index spaces, imports first.
  const funcTypeIndices: number[] = [];
  const globalTypes: GlobalType[] = [];
  const tableTypes: TableType[] = [];
  const memTypes: MemType[] = [];
  const tagTypeIndices: number[] = [];
  /** Exception handling: a tag's type is a function type with no results ("non-empty tag result type"). */
  const tagTypeIndex = (x: number, where: string): number => {
    const t = funcTypeIndex(x, where);
    if ((types[t]!.composite as FuncType).results.length !== 0) throw new ValidationError('non-empty tag result type', where);
    return t;
  };
  for (let i = 0; i < module.imports.length; i++) {
    const im = module.imports[i]!;
    const where = `import ${i}`;
    const d = im.desc;
    switch (d.kind) {
      case 'func':
        funcTypeIndices.push(funcTypeIndex(d.typeIndex, where));
        break;
      case 'table':
        checkTableType(d.type, typeIds, where);
        tableTypes.push(d.type);
        break;
      case 'memory':
        checkMemType(d.type, where);
        memTypes.push(d.type);
        break;
      case 'global':
        valTypeCode(d.type.type, typeIds, where);
        globalTypes.push(d.type);
        break;
      case 'tag':
        tagTypeIndices.push(tagTypeIndex(d.typeIndex, where));
        break;
      default:
        throw new ValidationError('malformed import', where);
    }
  }
  const importedFuncs = funcTypeIndices.length;
  const importedGlobals = globalTypes.length;
  for (let i = 0; i < module.funcs.length; i++) funcTypeIndices.push(funcTypeIndex(module.funcs[i]!.typeIndex, `func ${importedFuncs + i}`));
  for (let i = 0; i < module.tables.length; i++) {
    const t = module.tables[i]!.type;
    checkTableType(t, typeIds, `table ${tableTypes.length}`);
    tableTypes.push(t);
  }
  for (const m of module.mems) {
    checkMemType(m, `memory ${memTypes.length}`);
    memTypes.push(m);
  }
  for (let i = 0; i < module.globals.length; i++) {
    const g = module.globals[i]!;
    valTypeCode(g.type.type, typeIds, `global ${importedGlobals + i}`);
    globalTypes.push(g.type);
  }
  for (const t of module.tags ?? []) tagTypeIndices.push(tagTypeIndex(t.typeIndex, `tag ${tagTypeIndices.length}`));
  if (memTypes.length > 1) throw new ValidationError('multiple memories', `${memTypes.length} memories`);

  const elemTypes: number[] = [];
  for (let i = 0; i < module.elems.length; i++) elemTypes.push(refTypeCode(module.elems[i]!.type, `elem ${i}`));

  const refs = declaredFuncRefs(module);
  const ctx: ModuleContext = {
    canon,
    typeIds,
    funcTypeIds: funcTypeIndices.map((x) => typeIds[x]!),
    tableElems: tableTypes.map((t) => encodeRefType(t.element, typeIds)),
    memCount: memTypes.length,
    globalTypes: globalTypes.map((g) => encodeValType(g.type, typeIds)),
    globalMutable: globalTypes.map((g) => g.mutable === true),
    elemTypes,
    dataCount: module.datas.length,
    hasDataCount: module.dataCount !== undefined,
    tagTypeIds: tagTypeIndices.map((x) => typeIds[x]!),
    refs,
  };
  const v = new CodeValidator(ctx);
  const allGlobals = globalTypes.length;
  const constExpr = (e: ConstExpr, t: number, visibleGlobals: number, where: string): void => {
    if (!Array.isArray(e)) throw new ValidationError('malformed constant expression', where);
    v.validateConst(e, t, visibleGlobals, where);
  };

  // Globals: each initialiser sees the imported and the earlier defined globals.
  for (let i = 0; i < module.globals.length; i++) {
    const gi = importedGlobals + i;
    constExpr(module.globals[i]!.init, ctx.globalTypes[gi]!, gi, `global ${gi} initializer`);
  }
  // Tables: an initialiser of the element type, which sees only the imported globals (the table
  // section precedes the global section; global.wast); without one the element type must be defaultable.
  for (let i = 0; i < module.tables.length; i++) {
    const tab = module.tables[i]!;
    const ti = tableTypes.length - module.tables.length + i;
    const et = ctx.tableElems[ti]!;
    if (tab.init !== undefined) constExpr(tab.init, et, importedGlobals, `table ${ti} initializer`);
    else if (!isDefaultableCode(et)) throw new ValidationError('type mismatch', `table ${ti}: a non-nullable element type needs an initializer`);
  }
  // Element segments (spec 3.4.x).
  for (let i = 0; i < module.elems.length; i++) {
    const el = module.elems[i]!;
    const et = elemTypes[i]!;
    for (let k = 0; k < el.init.length; k++) constExpr(el.init[k]!, et, allGlobals, `elem ${i}, item ${k}`);
    const mode = el.mode;
    if (mode.kind === 'active') {
      const x = mode.table;
      if (typeof x !== 'number' || !(x >= 0 && x < tableTypes.length)) throw new ValidationError(`unknown table ${String(x)}`, `elem ${i}`);
      if (!isSubValCode(canon, et, ctx.tableElems[x]!)) throw new ValidationError('type mismatch', `elem ${i}: element type does not match table ${x}`);
      constExpr(mode.offset, VT_I32, allGlobals, `elem ${i} offset`);
    }
  }
  // Data segments.
  for (let i = 0; i < module.datas.length; i++) {
    const mode = module.datas[i]!.mode;
    if (mode.kind === 'active') {
      const x = mode.memory;
      if (typeof x !== 'number' || !(x >= 0 && x < memTypes.length)) throw new ValidationError(`unknown memory ${String(x)}`, `data ${i}`);
      constExpr(mode.offset, VT_I32, allGlobals, `data ${i} offset`);
    }
  }
  // Function bodies.
  const funcs: FuncSideTable[] = [];
  for (let i = 0; i < module.funcs.length; i++) {
    const f = module.funcs[i]!;
    const type = types[f.typeIndex]!.composite as FuncType;
    funcs.push(validateFunc(v, ctx, f, type, importedFuncs + i));
  }
  // Start function: type [] -> [].
  if (module.start !== undefined) {
    const x = module.start;
    if (typeof x !== 'number' || !(x >= 0 && x < funcTypeIndices.length)) throw new ValidationError(`unknown function ${String(x)}`, 'start');
    const d = canon.def(ctx.funcTypeIds[x]!)!;
    if (d.params.length !== 0 || d.results.length !== 0) throw new ValidationError('start function must not have parameters or results', `start function ${x}`);
  }
  // Exports: indices exist, names distinct.
  const names = new Set<string>();
  for (let i = 0; i < module.exports.length; i++) {
    const ex = module.exports[i]!;
    const x = ex.index;
    const where = `export ${i} "${ex.name}"`;
    const bound =
      ex.kind === 'func' ? funcTypeIndices.length : ex.kind === 'table' ? tableTypes.length : ex.kind === 'memory' ? memTypes.length : ex.kind === 'global' ? globalTypes.length : ex.kind === 'tag' ? tagTypeIndices.length : -1;
    if (bound < 0) throw new ValidationError('malformed export', where);
    if (typeof x !== 'number' || !(x >= 0 && x < bound)) throw new ValidationError(`unknown ${ex.kind === 'func' ? 'function' : ex.kind} ${String(x)}`, where);
    if (names.has(ex.name)) throw new ValidationError('duplicate export name', where);
    names.add(ex.name);
  }

  return {
    module,
    types,
    typeIds,
    funcTypeIndices,
    globalTypes,
    tableTypes,
    memTypes,
    tagTypeIndices,
    declaredFuncRefs: refs,
    funcs,
  };
}

function valTypeCode(t: unknown, typeIds: readonly number[], where: string): number {
  const c = encodeValType(t, typeIds);
  if (c < 0) throw new ValidationError(badTypeReason(t), where);
  return c;
}

/** Spec 3.2.x limits: min <= max, both within `range`. */
function checkLimits(l: Limits, range: number, rangeReason: string, where: string): void {
  if (l === null || typeof l !== 'object' || typeof l.min !== 'number' || !(l.min >= 0)) throw new ValidationError('malformed limits', where);
  if (l.min > range) throw new ValidationError(rangeReason, where);
  if (l.max !== undefined) {
    if (typeof l.max !== 'number' || !(l.max >= 0)) throw new ValidationError('malformed limits', where);
    if (l.max > range) throw new ValidationError(rangeReason, where);
    if (l.min > l.max) throw new ValidationError('size minimum must not be greater than maximum', where);
  }
}

/** Spec 3.2.x table types: limits within 2^32-1 and a valid reference type. */
function checkTableType(t: TableType, typeIds: readonly number[], where: string): void {
  checkLimits(t.limits, TABLE_MAX, 'table size must be at most 2^32-1', where);
  if (encodeRefType(t.element, typeIds) < 0) throw new ValidationError(badTypeReason(t.element), where);
}

/** Spec 3.2.x memory types: limits within 65536 pages. */
function checkMemType(t: MemType, where: string): void {
  checkLimits(t.limits, MEMORY_MAX_PAGES, 'memory size must be at most 65536 pages (4GiB)', where);
}

/**
 * C.refs (spec 3.4.10): the function indices occurring in the module outside function bodies and
 * the start function — `ref.func` in global, table and element-segment expressions (and segment
 * offsets), and function exports.
 */
function declaredFuncRefs(module: Module): Set<number> {
  const refs = new Set<number>();
  const scan = (e: ConstExpr | undefined): void => {
    if (!Array.isArray(e)) return;
    for (const ins of e) if (typeof ins?.op === 'string' && opInfo(ins.op)?.rule === Rule.RefFunc && typeof ins.imm[0] === 'number') refs.add(ins.imm[0]);
  };
  for (const g of module.globals) scan(g.init);
  for (const t of module.tables) scan(t.init);
  for (const el of module.elems) {
    for (const e of el.init) scan(e);
    if (el.mode.kind === 'active') scan(el.mode.offset);
  }
  for (const d of module.datas) if (d.mode.kind === 'active') scan(d.mode.offset);
  for (const ex of module.exports) if (ex.kind === 'func' && typeof ex.index === 'number') refs.add(ex.index);
  return refs;
}
