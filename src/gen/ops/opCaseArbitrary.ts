import type fc from 'fast-check';
import type { OpCase } from './opCase';
import { opCaseFromBytes, type OpCaseGenOptions } from './opCaseFromBytes';
import { WasmBytesArbitrary } from '../wasm/wasmBytesArbitrary';

export interface OpCaseArbitraryOptions extends OpCaseGenOptions {
  /** Most decision bytes per case; default `OP_CASE_BYTES.max`. */
  readonly maxBytes?: number;
}

/** Decision bytes per seeded case: about 180 ops per case on average. */
export const OP_CASE_BYTES = { min: 0, max: 1100 } as const;

/**
 * Seeded op-stream cases: fast-check decision bytes decoded by `opCaseFromBytes`, the generator
 * jsfuzz inputs go through too (no second generator, no second set of weights). Shrinking works on
 * the bytes (shorter, then zeroed chunks, then smaller values: see WasmBytesArbitrary); the
 * structure-aware reducer (reduceOpCase) runs after it.
 */
export function opCaseArbitrary(options: OpCaseArbitraryOptions = {}): fc.Arbitrary<OpCase> {
  return new WasmBytesArbitrary(OP_CASE_BYTES.min, options.maxBytes ?? OP_CASE_BYTES.max).map((b) => opCaseFromBytes(b, options));
}
