import type fc from 'fast-check';
import type { OpCase } from './opCase';
import { opCaseFromBytes, type OpCaseGenOptions } from './opCaseFromBytes';
import { WasmBytesArbitrary } from '../wasm/wasmBytesArbitrary';

export interface OpCaseArbitraryOptions extends OpCaseGenOptions {
  /** Most decision bytes per case; default `OP_CASE_BYTES.max`. */
  readonly maxBytes?: number;
}

/**
 * Decision bytes per seeded case. The store configuration and case shape take some 50 bytes
 * (24-91); fast-check draws a quarter of its byte arrays within log2(max - min) of the minimum, so
 * a minimum of 0 made about 30% of seeded cases empty runs, and 80 makes those a few snippets.
 */
export const OP_CASE_BYTES = { min: 80, max: 1100 } as const;

/**
 * Seeded op-stream cases: fast-check decision bytes decoded by `opCaseFromBytes`, the generator
 * jsfuzz inputs go through too (no second generator, no second set of weights). Shrinking works on
 * the bytes (shorter, then zeroed chunks, then smaller values: see WasmBytesArbitrary); the
 * structure-aware reducer (reduceOpCase) runs after it.
 */
export function opCaseArbitrary(options: OpCaseArbitraryOptions = {}): fc.Arbitrary<OpCase> {
  return new WasmBytesArbitrary(OP_CASE_BYTES.min, options.maxBytes ?? OP_CASE_BYTES.max).map((b) => opCaseFromBytes(b, options));
}
