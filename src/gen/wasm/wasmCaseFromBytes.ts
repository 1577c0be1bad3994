import type { WasmCase } from '../../cases/wasmCase';
import { Choices } from './choices';
import { DEFAULT_WASM_GEN_OPTIONS, genWasmCase, type WasmGenOptions } from './genWasmCase';

/**
 * Any bytes to a valid case: the bytes are the generator's decisions (see `Choices`), and every
 * decision sequence yields a module that validates, so no input is rejected; the "fixup" is built
 * into the decisions (a choice reads its byte modulo the options that are valid at that point,
 * and input past the end reads as zeros, the simplest option). Used by coverage-guided fuzzing,
 * by `wasmCaseArbitrary`, and to replay reproducers that carry their bytes.
 */
export function wasmCaseFromBytes(bytes: Uint8Array, opts: WasmGenOptions = DEFAULT_WASM_GEN_OPTIONS): WasmCase {
  return genWasmCase(new Choices(bytes), opts);
}
