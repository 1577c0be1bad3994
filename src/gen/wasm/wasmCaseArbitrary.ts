import fc from 'fast-check';
import type { WasmCase } from '../../cases/wasmCase';
import { DEFAULT_WASM_GEN_OPTIONS, type WasmGenOptions } from './genWasmCase';
import { wasmCaseFromBytes } from './wasmCaseFromBytes';
import { WasmBytesArbitrary } from './wasmBytesArbitrary';
import { caseSeed } from '../caseSeed';

/** Decision bytes per case: enough for the default limits; shrinking shortens and lowers them. */
export const WASM_CASE_BYTES = { min: 256, max: 6144 } as const;

/** The decision bytes of a case. Shrinks toward shorter, smaller byte strings (smaller programs); see WasmBytesArbitrary. */
export function wasmCaseBytesArbitrary(): fc.Arbitrary<Uint8Array> {
  return new WasmBytesArbitrary(WASM_CASE_BYTES.min, WASM_CASE_BYTES.max);
}

/** Wasm-program cases; shrinking works on the decision bytes (see `wasmCaseFromBytes`). */
export function wasmCaseArbitrary(opts: WasmGenOptions = DEFAULT_WASM_GEN_OPTIONS): fc.Arbitrary<WasmCase> {
  return wasmCaseBytesArbitrary().map((b) => wasmCaseFromBytes(b, opts));
}

/**
 * The decision bytes of run `run` of seed `seed`: a pure function of both, so `--seed N` is
 * reproducible run by run without generating the runs before it.
 */
export function wasmCaseBytesForSeed(seed: number, run: number): Uint8Array {
  const [bytes] = fc.sample(wasmCaseBytesArbitrary(), { seed: caseSeed(seed, run), numRuns: 1 });
  return bytes!;
}
