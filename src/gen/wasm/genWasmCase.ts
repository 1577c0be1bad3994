import { EXPORT_PREFIX, HOST_FUNC_NAMES, HOST_MODULE, HOST_TAG, hostFuncType, type HostFuncName, type WasmCase } from '../../cases/wasmCase';
import type { ConstExpr, Instr } from '../../wasm/syntax/instructions';
import type { Data, Elem, Export, Func, Global, Import, Module, Table, Tag } from '../../wasm/syntax/module';
import type { BlockType, FuncType, GlobalType, RecType, RefType, SubType, TableType, ValType } from '../../wasm/syntax/types';
import { BodyGen } from './genBody';
import type { Choices } from './choices';
import { emit } from './emit';
import { genConstValue, type ConstEnv } from './genConstValue';
import { DEFAULT_BODY_LIMITS, type BodyLimits, type ExnContext, type ExnTagInfo, type FuncInfo, type GenContext } from './genContext';
import { EXN_NULL } from './genException';
import { genReachFunc } from './genReachFunc';
import { genScript } from './genScript';
import { DEFAULT_TYPE_SHAPE, funcTypeKey, genTypes, type TypeShape } from './genTypes';
import { genJsParamType, genNullableRefType, genValType } from './genValType';
import { ref, TypeSpace } from './typeSpace';

/** Size limits of generated cases. */
export interface WasmGenOptions {
  readonly types: TypeShape;
  readonly body: BodyLimits;
  /** Inner (non-leaf) functions, at most; at least one is generated and exported. */
  readonly maxInnerFuncs: number;
  readonly maxLeafFuncs: number;
  readonly maxGlobals: number;
  readonly maxTables: number;
  readonly maxInvocations: number;
  /** Range of the initial value of the budget global (loop iterations plus calls, per case). */
  readonly budget: readonly [number, number];
  /** Chance that the module defines tags and uses exception handling (0: never). */
  readonly tagChance: number;
}

export const DEFAULT_WASM_GEN_OPTIONS: WasmGenOptions = {
  types: DEFAULT_TYPE_SHAPE,
  body: DEFAULT_BODY_LIMITS,
  maxInnerFuncs: 5,
  maxLeafFuncs: 3,
  maxGlobals: 5,
  maxTables: 3,
  maxInvocations: 8,
  budget: [100, 2000],
  tagChance: 0.6,
};

/** Elements of the exnref table (a fixed size, so `table.get`/`table.set` with a constant index never trap). */
const EXN_TABLE_SIZE = 4;

const HOST_IMPORT_CHANCE: Readonly<Record<HostFuncName, number>> = {
  gc: 0.85, gc_step: 0.5, make_extern: 0.7, pick_extern: 0.5, extern_id: 0.6, identity: 0.4, record: 0.8, throw_exn: 0.5, hand_back: 0.5,
};

/**
 * Generates one Wasm-program case from `c`: a module that is valid by construction (see BodyGen)
 * with host imports, GC types, functions, GC-typed mutable globals, tables, element and data
 * segments and exports, plus the invocation script. Deterministic in the bytes `c` reads.
 */
export function genWasmCase(c: Choices, opts: WasmGenOptions = DEFAULT_WASM_GEN_OPTIONS): WasmCase {
  const generated = genTypes(c, opts.types);
  const flat: SubType[] = generated.groups.flatMap((g) => g.subtypes);
  const extraGroups: RecType[] = [];
  const funcTypeIndex = new Map<string, number>();
  const addFuncType = (ft: FuncType): number => {
    const key = funcTypeKey(ft);
    const known = funcTypeIndex.get(key);
    if (known !== undefined) return known;
    const sub: SubType = { final: true, supertypes: [], composite: ft };
    flat.push(sub);
    extraGroups.push({ subtypes: [sub] });
    funcTypeIndex.set(key, flat.length - 1);
    return flat.length - 1;
  };

  // Function index space: host imports, inner functions, leaves.
  const hasTags = c.chance(opts.tagChance);
  // throw_exn throws the host's tag: only modules with exception handling import it.
  const hostNames = HOST_FUNC_NAMES.filter((n) => (n !== 'throw_exn' || hasTags) && c.chance(HOST_IMPORT_CHANCE[n]));
  const nInner = 1 + c.int(opts.maxInnerFuncs);
  const nLeaves = generated.leafFuncTypes.length > 0 ? c.int(opts.maxLeafFuncs + 1) : 0;
  const firstLeaf = hostNames.length + nInner;
  const leaves: number[] = [];
  const funcs: FuncInfo[] = [];
  for (let k = 0; k < nLeaves; k++) {
    const typeIndex = c.pick(generated.leafFuncTypes);
    funcs[firstLeaf + k] = { index: firstLeaf + k, typeIndex, type: flat[typeIndex]!.composite as FuncType, role: 'leaf' };
    leaves.push(firstLeaf + k);
  }
  const sigEnv: ConstEnv = { c, ts: new TypeSpace(flat.slice()), funcs, leaves };

  const hostIndex: Partial<Record<HostFuncName, number>> = {};
  const imports: Import[] = hostNames.map((name, i) => {
    const type = hostFuncType(name);
    const typeIndex = addFuncType(type);
    funcs[i] = { index: i, typeIndex, type, role: 'host', host: name };
    hostIndex[name] = i;
    return { module: HOST_MODULE, name, desc: { kind: 'func', typeIndex } };
  });
  const exported: boolean[] = [];
  for (let k = 0; k < nInner; k++) {
    const isExport = k === 0 || c.chance(0.5);
    exported.push(isExport);
    const params: ValType[] = [];
    const np = c.int(4);
    for (let p = 0; p < np; p++) params.push(isExport ? genJsParamType(c) : genValType(sigEnv));
    const results: ValType[] = [];
    const nr = c.weighted([1, 4, 1]);
    for (let r = 0; r < nr; r++) results.push(genValType(sigEnv));
    const type: FuncType = { kind: 'func', params, results };
    const idx = hostNames.length + k;
    funcs[idx] = { index: idx, typeIndex: addFuncType(type), type, role: 'inner' };
  }

  // Tags (exception handling): payloads of numbers, GC refs, i31, externrefs and exnrefs.
  const tags: Tag[] = [];
  const tagInfos: ExnTagInfo[] = [];
  const resultsType = (results: ValType[]): BlockType =>
    results.length === 0 ? { kind: 'empty' } : results.length === 1 ? { kind: 'value', type: results[0]! } : { kind: 'index', index: addFuncType({ kind: 'func', params: [], results }) };
  if (hostIndex.throw_exn !== undefined) {
    const params = [...HOST_TAG.params];
    imports.push({ module: HOST_MODULE, name: HOST_TAG.name, desc: { kind: 'tag', typeIndex: addFuncType({ kind: 'func', params, results: [] }) } });
    tagInfos.push({ index: 0, params, catchType: resultsType(params), catchRefType: resultsType([...params, EXN_NULL]) });
  }
  const nTags = hasTags ? 1 + c.int(3) : 0;
  for (let k = 0; k < nTags; k++) {
    const params: ValType[] = [];
    const np = c.int(4);
    for (let p = 0; p < np; p++) params.push(c.chance(0.15) ? EXN_NULL : genValType(sigEnv));
    tags.push({ typeIndex: addFuncType({ kind: 'func', params, results: [] }) });
    tagInfos.push({ index: tagInfos.length, params, catchType: resultsType(params), catchRefType: resultsType([...params, EXN_NULL]) });
  }

  const ts = new TypeSpace(flat);
  const env: ConstEnv = { c, ts, funcs, leaves };

  // Globals: 0 is the budget.
  const globals: Global[] = [{ type: { type: 'i32', mutable: true }, init: constOf((o) => emit(o, 'i32.const', c.range(opts.budget[0], opts.budget[1]))) }];
  const nGlobals = c.int(opts.maxGlobals + 1);
  for (let g = 0; g < nGlobals; g++) {
    const type: GlobalType = { type: genValType(env), mutable: c.chance(0.8) };
    globals.push({ type, init: constOf((o) => genConstValue(env, type.type, 2, o)) });
  }
  // A mutable externref global for host objects to outlive the calls that made them: without one,
  // host objects almost never survive a program and the host-lifetime checks (model vs V8) have
  // nothing to check.
  let hostKeepGlobal: number | null = null;
  if (hostIndex.make_extern !== undefined && c.chance(0.8)) {
    hostKeepGlobal = globals.length;
    globals.push({ type: { type: ref(true, 'extern'), mutable: true }, init: constOf((o) => emit(o, 'ref.null', 'extern')) });
  }

  let exn: ExnContext | undefined;
  const exnGlobal = globals.length;
  if (tagInfos.length > 0) globals.push({ type: { type: EXN_NULL, mutable: true }, init: constOf((o) => emit(o, 'ref.null', 'exn')) });

  // Tables and element segments.
  const tables: Table[] = [];
  const elems: Elem[] = [];
  const nTables = c.int(opts.maxTables + 1);
  for (let t = 0; t < nTables; t++) {
    const element = (leaves.length > 0 && c.chance(0.35) ? ref(true, 'func') : genNullableRefType(env)) as RefType;
    const min = c.chance(0.85) ? 2 + c.int(5) : c.int(2);
    const type: TableType = { limits: { min, max: min + c.int(7) }, element };
    tables.push({ type });
    const n = Math.min(min, c.int(5));
    if (n > 0 && c.chance(0.6)) {
      const init: ConstExpr[] = [];
      for (let k = 0; k < n; k++) init.push(constOf((o) => genConstValue(env, element, 1, o)));
      elems.push({ type: element, init, mode: { kind: 'active', table: t, offset: constOf((o) => emit(o, 'i32.const', c.int(min - n + 1))) } });
    }
  }
  if (leaves.length > 0) {
    elems.push({ type: ref(true, 'func'), init: leaves.map((f) => constOf((o) => emit(o, 'ref.func', f))), mode: { kind: 'declarative' } });
  }
  const nPassive = c.int(3);
  for (let e = 0; e < nPassive; e++) {
    const type = genNullableRefType(env) as RefType;
    const init: ConstExpr[] = [];
    const n = c.int(5);
    for (let k = 0; k < n; k++) init.push(constOf((o) => genConstValue(env, type, 2, o)));
    elems.push({ type, init, mode: { kind: 'passive' } });
  }

  const nGenericTables = tables.length;
  if (tagInfos.length > 0) {
    const exnTable = c.chance(0.7) ? tables.length : null;
    if (exnTable !== null) tables.push({ type: { limits: { min: EXN_TABLE_SIZE, max: EXN_TABLE_SIZE }, element: EXN_NULL } });
    exn = { tags: tagInfos, global: exnGlobal, table: exnTable, tableSize: EXN_TABLE_SIZE };
  }

  const datas: Data[] = [];
  const nDatas = c.int(3);
  for (let k = 0; k < nDatas; k++) {
    const bytes = new Uint8Array(c.chance(0.85) ? 8 + c.int(25) : c.int(8));
    for (let i = 0; i < bytes.length; i++) bytes[i] = c.byte();
    datas.push({ init: bytes, mode: { kind: 'passive' } });
  }

  const ctx: GenContext = {
    c, ts, funcs, hostIndex, leaves,
    globals: globals.map((g) => g.type),
    budgetGlobal: 0,
    hostKeepGlobal,
    tables: tables.slice(0, nGenericTables).map((t) => t.type),
    elemTypes: elems.map((e) => e.type),
    elemLengths: elems.map((e) => (e.mode.kind === 'passive' ? e.init.length : 0)),
    dataLengths: datas.map((d) => d.init.length),
    limits: opts.body,
    ...(exn !== undefined ? { exn } : {}),
  };
  const bodies: Func[] = [];
  for (let f = hostNames.length; f < funcs.length; f++) bodies.push(new BodyGen(ctx, funcs[f]!).generate());

  const exports: Export[] = [];
  // Every tag is exported, so engines name an uncaught exception's tag the same way (by export name).
  tagInfos.forEach((_, k) => exports.push({ name: `${EXPORT_PREFIX.tag}${k}`, kind: 'tag', index: k }));
  exported.forEach((isExport, k) => {
    if (isExport) exports.push({ name: `${EXPORT_PREFIX.func}${k}`, kind: 'func', index: hostNames.length + k });
  });
  for (let g = 1; g < globals.length; g++) if (g !== exn?.global && c.chance(0.7)) exports.push({ name: `${EXPORT_PREFIX.global}${g}`, kind: 'global', index: g });
  for (let t = 0; t < nGenericTables; t++) if (c.chance(0.7)) exports.push({ name: `${EXPORT_PREFIX.table}${t}`, kind: 'table', index: t });

  const module: Module = {
    types: [...generated.groups, ...extraGroups],
    imports,
    funcs: bodies,
    tables,
    mems: [],
    globals,
    elems,
    datas,
    exports,
    ...(tags.length > 0 ? { tags } : {}),
    ...(datas.length > 0 ? { dataCount: datas.length } : {}),
    customs: [],
  };
  const script = genScript(c, module, funcs, opts.maxInvocations);
  return { module: genReachFunc(c, module, funcs, leaves, hostIndex.gc, script.invocations), ...script };
}

function constOf(build: (out: Instr[]) => void): ConstExpr {
  const out: Instr[] = [];
  build(out);
  return out;
}
