import { opsTarget } from '../src/harness/targets/opsTarget';
import { fuzzEntry } from './fuzzEntry';

/** jsfuzz target: bytes -> op case -> all oracles on the selected collectors. */
export const fuzz = fuzzEntry(opsTarget);
