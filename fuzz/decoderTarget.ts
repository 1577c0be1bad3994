import { decoderTarget } from '../src/harness/targets/decoderTarget';
import { fuzzEntry } from './fuzzEntry';

/** jsfuzz target: bytes as a module through the decoder target's oracles (typed rejection, round trip, validity vs V8). */
export const fuzz = fuzzEntry(decoderTarget);
