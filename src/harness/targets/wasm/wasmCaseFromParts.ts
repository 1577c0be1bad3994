import { isDeepStrictEqual } from 'node:util';
import { HOST_FUNCS, HOST_MODULE, HOST_TAG, type ArgValue, type HostBehaviour, type Invocation, type WasmCase } from '../../../cases/wasmCase';
import { wasmCaseFromJson, wasmCaseToJson } from '../../../cases/wasmCaseJson';
import { UsageError } from '../../../errors/UsageError';
import { ValidationError } from '../../../errors/ValidationError';
import { GcTypeRegistry } from '../../../runtime/gcTypes';
import { decodeModule } from '../../../wasm/binary/decodeModule';
import type { Module } from '../../../wasm/syntax/module';
import type { FuncType, ValType } from '../../../wasm/syntax/types';
import { moduleFromWat, watParserReady } from '../../../wasm/text/parseWat';
import { validateModule } from '../../../wasm/validation/validateModule';

/** What the WAT printer writes instead of a module it cannot print. */
const PRINTER_FAILED = ';; WAT printer failed';

/**
 * A Wasm case from the parts of a serialised reproducer case, checked strictly.
 *
 * Which part is the truth: the module is the binary in `wasm` (base64) when present, since that
 * is what every engine runs; otherwise the text in `wat`; otherwise the structured `case.module`.
 * The script is the top-level `invocations` and `host`, else `case.invocations` / `case.host`.
 * Every other part present must denote the same thing (modules compared as the project's AST,
 * ignoring custom sections and the data-count section, which the text format cannot carry);
 * `wat` is compared whenever the WAT parser is loaded (replay always loads it). A file whose
 * parts disagree, whose module does not validate, or whose script calls something the module
 * does not export with the right arguments is rejected with a UsageError naming the part, so
 * replay exits 2 instead of running a different case than the one written.
 */
export function wasmCaseFromParts(j: Record<string, unknown>): WasmCase {
  const structured = j['case'];
  const c = structured === undefined ? undefined : structuredCase(structured);
  const sources: { name: string; module: () => Module }[] = [];
  if (j['wasm'] !== undefined) {
    const b64 = j['wasm'];
    if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new UsageError('"wasm" must be the module binary in base64');
    sources.push({ name: '"wasm"', module: () => decodeModule(new Uint8Array(Buffer.from(b64, 'base64'))) });
  }
  const wat = j['wat'];
  if (wat !== undefined) {
    if (typeof wat !== 'string') throw new UsageError('"wat" must be a string');
    const printerFailed = wat.startsWith(PRINTER_FAILED);
    if (!printerFailed && (watParserReady() || sources.length === 0)) sources.push({ name: '"wat"', module: () => moduleFromWat(wat) });
  }
  if (c?.module !== undefined) sources.push({ name: '"case.module"', module: () => c.module! });
  if (sources.length === 0) throw new UsageError('no module: expected "wasm" (base64), "wat" or "case.module"');

  const modules = sources.map((s) => ({ name: s.name, module: loadPart(s.name, s.module) }));
  const truth = modules[0]!;
  for (const other of modules.slice(1)) {
    if (!isDeepStrictEqual(canonical(other.module), canonical(truth.module))) throw new UsageError(`reproducer parts disagree: ${other.name} is not the module in ${truth.name}`);
  }

  const invocations = pick('invocations', j['invocations'], c?.invocations);
  const host = pick('host', j['host'], c?.host);
  const w: WasmCase = { module: truth.module, invocations: checkInvocations(invocations), host: checkHost(host) };
  checkCase(w, truth.name);
  return w;
}

function structuredCase(v: unknown): Partial<WasmCase> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError('"case" must be an object');
  try {
    return wasmCaseFromJson(JSON.stringify(v)) as Partial<WasmCase>;
  } catch (e) {
    throw new UsageError(`"case": ${e instanceof Error ? e.message : String(e)}`);
  }
}

function loadPart(name: string, load: () => Module): Module {
  try {
    return load();
  } catch (e) {
    throw new UsageError(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A module as comparable plain data (compared without regard to key order): the AST as JSON, without custom sections and the data count; no tags is no tag section. */
function canonical(m: Module): unknown {
  const { dataCount: _dc, customs: _cs, tags, ...rest } = m;
  return JSON.parse(wasmCaseToJson({ module: { ...rest, customs: [], ...(tags !== undefined && tags.length > 0 ? { tags } : {}) }, invocations: [], host: { incrementSlices: 0, abandonIncremental: false } }));
}

/** The top-level part, or the one inside "case"; when both are there they must agree. Both carry the tags of wasmCaseJson (NaN, infinities, -0). */
function pick(name: string, rawTop: unknown, inCase: unknown): unknown {
  const top = rawTop === undefined ? undefined : (JSON.parse(JSON.stringify({ v: rawTop }), (_k, v: unknown) => revive(v)) as { v: unknown }).v;
  if (top !== undefined && inCase !== undefined && !isDeepStrictEqual(top, inCase)) throw new UsageError(`reproducer parts disagree: "case.${name}" differs from "${name}"`);
  const v = top ?? inCase;
  if (v === undefined) throw new UsageError(`"${name}" missing`);
  return v;
}

/** wasmCaseJson's tags, for parts outside "case". */
function revive(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $number?: unknown }).$number === 'string') return Number((v as { $number: string }).$number);
  return v;
}

function checkHost(v: unknown): HostBehaviour {
  const h = v as Record<string, unknown> | null;
  if (typeof h !== 'object' || h === null) throw new UsageError('"host" must be an object');
  const slices = h['incrementSlices'];
  if (typeof slices !== 'number' || !Number.isInteger(slices) || slices < 0 || slices > 1 << 20) throw new UsageError('"host.incrementSlices" must be an integer in [0, 2^20]');
  if (typeof h['abandonIncremental'] !== 'boolean') throw new UsageError('"host.abandonIncremental" must be true or false');
  const budget = optionalPositive(h, 'incrementBudget');
  const floor = optionalPositive(h, 'stackRootsTriggerFloor');
  return {
    incrementSlices: slices, abandonIncremental: h['abandonIncremental'],
    ...(budget !== undefined ? { incrementBudget: budget } : {}), ...(floor !== undefined ? { stackRootsTriggerFloor: floor } : {}),
  };
}

/** An optional integer field of "host" in [1, 2^20]. */
function optionalPositive(h: Record<string, unknown>, key: string): number | undefined {
  const v = h[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1 << 20) throw new UsageError(`"host.${key}" must be an integer in [1, 2^20]`);
  return v;
}

function checkInvocations(v: unknown): Invocation[] {
  if (!Array.isArray(v)) throw new UsageError('"invocations" must be a list');
  return v.map((inv: unknown, k) => {
    const o = inv as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || typeof o['export'] !== 'string' || !Array.isArray(o['args'])) throw new UsageError(`"invocations[${k}]" must be {"export": name, "args": [...]}`);
    return { export: o['export'], args: (o['args'] as unknown[]).map((a, i) => checkArg(a, `invocations[${k}].args[${i}]`)) };
  });
}

function checkArg(a: unknown, where: string): ArgValue {
  const o = a as Record<string, unknown> | null;
  const bad = (what: string): never => {
    throw new UsageError(`"${where}": ${what}`);
  };
  if (typeof o !== 'object' || o === null) return bad('must be an object');
  switch (o['t']) {
    case 'i32':
      if (typeof o['v'] !== 'number' || !Number.isInteger(o['v']) || o['v'] < -(2 ** 31) || o['v'] >= 2 ** 31) bad('an i32 "v" is a signed 32-bit integer');
      break;
    case 'i64':
      if (typeof o['v'] !== 'string' || !/^-?\d+$/.test(o['v']) || BigInt.asIntN(64, BigInt(o['v'])) !== BigInt(o['v'])) bad('an i64 "v" is a signed 64-bit integer as a decimal string');
      break;
    case 'f32':
      if (typeof o['bits'] !== 'number' || !Number.isInteger(o['bits']) || o['bits'] < 0 || o['bits'] > 0xffffffff) bad('an f32 "bits" is its u32 bit pattern');
      break;
    case 'f64':
      if (typeof o['v'] !== 'number') bad('an f64 "v" is a number');
      break;
    case 'externref': {
      const r = o['ref'];
      const reuse = typeof r === 'object' && r !== null ? (r as Record<string, unknown>)['reuse'] : undefined;
      if (r !== 'null' && r !== 'fresh' && !(typeof reuse === 'number' && Number.isInteger(reuse) && reuse >= 0)) bad('an externref "ref" is "null", "fresh" or {"reuse": n}');
      break;
    }
    default:
      bad('"t" must be i32, i64, f32, f64 or externref');
  }
  return o as unknown as ArgValue;
}

function argFits(a: ArgValue, t: ValType): boolean {
  if (typeof t === 'string') return a.t === t;
  return a.t === 'externref' && t.nullable && t.heap === 'extern';
}

/** The module validates, its imports are the host's, and every invocation calls an exported function with arguments of its parameter types. */
function checkCase(w: WasmCase, source: string): void {
  const m = w.module;
  try {
    validateModule(m, new GcTypeRegistry());
  } catch (e) {
    if (e instanceof ValidationError) throw new UsageError(`the module in ${source} is invalid: ${e.message}`);
    throw e;
  }
  const types = m.types.flatMap((g) => g.subtypes);
  const funcTypes: FuncType[] = [];
  for (const im of m.imports) {
    if (im.module === HOST_MODULE && im.desc.kind === 'tag' && im.name === HOST_TAG.name) continue;
    if (im.module !== HOST_MODULE || im.desc.kind !== 'func' || !Object.hasOwn(HOST_FUNCS, im.name)) throw new UsageError(`the module in ${source} imports "${im.module}" "${im.name}", which is not a host function`);
    funcTypes.push(types[im.desc.typeIndex]!.composite as FuncType);
  }
  for (const f of m.funcs) funcTypes.push(types[f.typeIndex]!.composite as FuncType);
  w.invocations.forEach((inv, k) => {
    const e = m.exports.find((x) => x.name === inv.export);
    if (e === undefined || e.kind !== 'func') throw new UsageError(`"invocations[${k}]" calls "${inv.export}", which the module does not export as a function`);
    const params = funcTypes[e.index]!.params;
    if (inv.args.length !== params.length || !inv.args.every((a, i) => argFits(a, params[i]!))) throw new UsageError(`"invocations[${k}]" passes arguments that do not fit the parameters of "${inv.export}"`);
  });
}
