import * as path from 'node:path';
import { DecodeError } from '../../errors/DecodeError';
import { decodeModule } from '../binary/decodeModule';
import { wasmCaseFromJson, wasmCaseToJson } from '../../cases/wasmCaseJson';
import type { Module } from '../syntax/module';

/**
 * WAT (spec 6, text format) to binary, through wasm-tools' own text parser (the `wast` crate,
 * the reference for GC text: rec groups, subtyping and type indices come out exactly as written),
 * compiled to Wasm and shipped in the npm package `@bytecodealliance/jco-transpile`.
 *
 * The package instantiates its Wasm asynchronously, so `loadWatParser()` must have resolved
 * before `parseWat` is called (replay awaits it at start). It never rejects: when the package
 * cannot be loaded, `parseWat` says why.
 */
interface WasmTools {
  parse(wat: string): Uint8Array;
}

let tools: WasmTools | null = null;
let loadFailure = 'the WAT parser was not loaded (call loadWatParser first)';
let loading: Promise<void> | null = null;

export function loadWatParser(): Promise<void> {
  loading ??= (async () => {
    try {
      // The package exports only an async wrapper; its vendored module has the synchronous `tools.parse` once `$init` resolves.
      const wrapper = require.resolve('@bytecodealliance/jco-transpile/wasm-tools');
      const vendored = require(path.join(path.dirname(wrapper), '..', 'vendor', 'wasm-tools.js')) as { $init: Promise<void>; tools: WasmTools };
      await vendored.$init;
      tools = vendored.tools;
    } catch (e) {
      loadFailure = `the WAT parser (@bytecodealliance/jco-transpile) could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
    }
  })();
  return loading;
}

/** Whether `parseWat` can run (after `loadWatParser` resolved and the package loaded). */
export function watParserReady(): boolean {
  return tools !== null;
}

/** The binary module a WAT text denotes. A syntax error (or an unloaded parser) is a DecodeError naming line and column. */
export function parseWat(text: string): Uint8Array {
  if (tools === null) throw new DecodeError(loadFailure, 0);
  try {
    return tools.parse(text);
  } catch (e) {
    throw new DecodeError(`WAT: ${watErrorMessage(e)}`, 0);
  }
}

/** wasm-tools' error object, shortened to "line L, column C: what". */
function watErrorMessage(e: unknown): string {
  const raw = typeof e === 'object' && e !== null && 'payload' in e ? String((e as { payload: unknown }).payload) : e instanceof Error ? e.message : String(e);
  const text = raw.length > 0 && raw !== '[object Object]' ? raw : e instanceof Error ? e.message : String(e);
  const pos = /line: (\d+), col: (\d+)/.exec(text);
  const what = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(text) ?? /kind: [A-Za-z]+\(([^)]*)\)/.exec(text);
  if (pos !== null && what !== null) return `line ${Number(pos[1]) + 1}, column ${Number(pos[2]) + 1}: ${what[1]}`;
  return text.split('\n')[0]!.slice(0, 300);
}

/**
 * The module a WAT text denotes, as the project's AST. Identifiers are only names: the `name`
 * custom section wasm-tools adds for them is dropped, and binary layout choices of the parser
 * (which element-segment form, say) are not kept, so encoding the result gives the project's
 * canonical bytes. Text has no data-count field: wasm-tools emits that section only when the
 * code needs it (`memory.init`, `data.drop`).
 */
export function moduleFromWat(text: string): Module {
  const decoded = decodeModule(parseWat(text));
  const plain = { ...decoded, customs: decoded.customs.filter((c) => c.name !== 'name') };
  // A round trip through plain JSON drops the decoder's per-object layout hints.
  return wasmCaseFromJson(wasmCaseToJson({ module: plain, invocations: [], host: { incrementSlices: 0, abandonIncremental: false } })).module;
}
