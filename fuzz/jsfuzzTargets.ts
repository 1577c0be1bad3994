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

/** The `fuzz/` targets: op streams, Wasm programs (both through all oracles) and the decoder/validator. */
export const JSFUZZ_TARGETS: Readonly<Record<JsfuzzTargetName, JsfuzzTarget>> = {
  ops: { name: 'ops', module: 'dist/fuzz/opsTarget.js', seeds: 'corpus/ops', usesCollectors: true },
  wasm: { name: 'wasm', module: 'dist/fuzz/wasmTarget.js', seeds: 'corpus/wasm', usesCollectors: true },
  decoder: { name: 'decoder', module: 'dist/fuzz/decoderTarget.js', seeds: 'corpus/decoder', usesCollectors: false },
};

/** The environment variable through which the driver tells a target which collectors to run (`--collector`: `all`, `drc`, a module path). */
export const COLLECTORS_ENV = 'GCFUZZ_COLLECTORS';

/** Inputs larger than this are not kept in a grown corpus (jsfuzz itself caps mutations at 4096). */
export const MAX_CORPUS_INPUT_BYTES = 4096;
