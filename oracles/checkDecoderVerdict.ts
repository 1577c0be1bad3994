import { isDeepStrictEqual } from 'node:util';
import { DecodeError } from '../src/errors/DecodeError';
import { ValidationError } from '../src/errors/ValidationError';
import { GcTypeRegistry } from '../src/runtime/gcTypes';
import { decodeModule } from '../src/wasm/binary/decodeModule';
import { encodeModule } from '../src/wasm/binary/encodeModule';
import type { Module } from '../src/wasm/syntax/module';
import { validateModule } from '../src/wasm/validation/validateModule';
import { wasmJsApi } from './engines/wasmJsApi';
import { OracleFailure } from './OracleFailure';

/** Our verdict on a byte string: accepted (decoded and valid) or rejected with a typed error. */
export type DecoderVerdict = { readonly accepted: true; readonly module: Module } | { readonly accepted: false; readonly error: DecodeError | ValidationError };

/** The decoder and validator under test (replaceable so a test can prove the oracle catches a broken one). */
export interface DecoderPipeline {
  readonly decode: (bytes: Uint8Array) => Module;
  readonly validate: (module: Module) => void;
}

const PROJECT_PIPELINE: DecoderPipeline = {
  decode: decodeModule,
  validate: (module) => void validateModule(module, new GcTypeRegistry()),
};

/** Keys whose string values are names chosen by the module, never types. */
const NAME_KEYS = new Set(['name', 'module']);

/** Whether any type in the module is exnref/nullexnref, which Node 22's V8 accepts only behind a flag. */
function mentionsExn(v: unknown, key = ''): boolean {
  if (typeof v === 'string') return !NAME_KEYS.has(key) && (v === 'exn' || v === 'noexn');
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => mentionsExn(x));
  return Object.entries(v).some(([k, x]) => mentionsExn(x, k));
}

/** The message of what V8's compiler threw, or null when it compiled the bytes. */
function v8CompileError(bytes: Uint8Array): string | null {
  try {
    new wasmJsApi.Module(bytes);
    return null;
  } catch (e: unknown) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The decoder target's oracles over one byte string (spec 5 binary format, spec 3 validation):
 *
 * - `crash`: decoding and validation may only end in acceptance, DecodeError or ValidationError.
 * - `differential` (encode round trip): an accepted module re-encodes to bytes that decode to the
 *   same module, so the encoder the generators rely on agrees with the decoder.
 * - `differential` (validity vs V8): a module we accept, V8 compiles, and a module V8 compiles we
 *   accept, unless our rejection names a feature outside the project's scope (`… is not
 *   supported`: SIMD, threads, exceptions, memory64, multi-memory). Modules typed with exnref are
 *   exempt from the first half, since Node 22's V8 accepts exnref only behind a flag. A validator
 *   more lenient than V8 is how a forged reference gets into a heap; a stricter one hides programs
 *   from every other oracle.
 *
 * Returns our verdict so callers can count acceptances.
 */
export function checkDecoderVerdict(bytes: Uint8Array, pipeline: DecoderPipeline = PROJECT_PIPELINE): DecoderVerdict {
  let verdict: DecoderVerdict;
  try {
    const module = pipeline.decode(bytes);
    pipeline.validate(module);
    verdict = { accepted: true, module };
  } catch (e: unknown) {
    if (!(e instanceof DecodeError || e instanceof ValidationError)) {
      throw new OracleFailure('crash', -1, 'DecodeError, ValidationError or a valid module', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    verdict = { accepted: false, error: e };
  }
  const v8Error = v8CompileError(bytes);
  if (verdict.accepted) {
    const again = pipeline.decode(encodeModule(verdict.module));
    if (!isDeepStrictEqual(again, verdict.module)) {
      throw new OracleFailure('differential', -1, 'decode(encode(m)) to equal m', 'a different module', 'encode round trip');
    }
    if (v8Error !== null && !mentionsExn(verdict.module)) {
      throw new OracleFailure('differential', -1, 'V8 to compile a module we validate', `V8: ${v8Error}`, 'validity vs V8');
    }
  } else if (v8Error === null && !/ (is|are) not supported/.test(verdict.error.message)) {
    throw new OracleFailure('differential', -1, 'V8 to reject a module we reject', `we said: ${verdict.error.message}; V8 compiled it`, 'validity vs V8');
  }
  return verdict;
}
