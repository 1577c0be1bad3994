import { getTarget, targetNames } from '../src/harness/targetRegistry';

/** A coverage-guided target: its compiled jsfuzz module and its checked-in seed corpus. */
export interface JsfuzzTarget {
  readonly name: JsfuzzTargetName;
  /** Compiled module, relative to the repository root. */
  readonly module: string;
  /** Seed corpus directory, relative to the repository root (read, never written). */
  readonly seeds: string;
  /** Whether the target runs the case on collectors (chosen with GCFUZZ_COLLECTORS). */
  readonly usesCollectors: boolean;
}

export type JsfuzzTargetName = 'ops' | 'wasm' | 'decoder';

/**
 * The `fuzz/` targets, one per registry target (src/harness/targetRegistry.ts): op streams, Wasm
 * programs (both through all oracles) and the decoder/validator. Each `fuzz/<name>Target.ts` is
 * `fuzzEntry(<the registry target>)`; its seeds are `corpus/<name>`.
 */
export const JSFUZZ_TARGETS: Readonly<Record<JsfuzzTargetName, JsfuzzTarget>> = Object.fromEntries(
  targetNames().map((name) => [name, { name, module: `dist/fuzz/${name}Target.js`, seeds: `corpus/${name}`, usesCollectors: getTarget(name).usesCollectors !== false }]),
) as Record<JsfuzzTargetName, JsfuzzTarget>;

export { COLLECTORS_ENV } from './fuzzEntry';

/** Inputs larger than this are not kept in a grown corpus (jsfuzz itself caps mutations at 4096). */
export const MAX_CORPUS_INPUT_BYTES = 4096;
