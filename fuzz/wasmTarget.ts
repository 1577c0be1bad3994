import { wasmTarget } from '../src/harness/targets/wasmTarget';
import { fuzzEntry } from './fuzzEntry';

/** jsfuzz target: bytes -> Wasm program and script -> interpreter on the selected collectors, model and V8, all oracles. */
export const fuzz = fuzzEntry(wasmTarget);
