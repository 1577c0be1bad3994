import type fc from 'fast-check';
import type { GcRuntime } from '../runtime/gcHeap';

/** Knobs the CLI passes to every target's generator (targets ignore what does not apply). */
export interface TargetOptions {
  /** `--zeal N`: force a collection every N allocations (0: never); undefined lets the generator choose. */
  readonly gcEveryNAllocs?: number;
  /** `--engines a,b`: the engines a Wasm-program target compares (wasm target: interp, model, v8). */
  readonly engines?: readonly string[];
}

/** What one run of a case did, for progress lines and the JSON summary. */
export interface TargetRunStats {
  /** Work units executed over all collectors (ops for op streams, instructions for Wasm...). */
  readonly ops: number;
}

/**
 * A fuzz target: one kind of case, how to make it (from a seed or from bytes), how to run it
 * through the oracles, and how to store it in a reproducer. The CLI, run loop, shrinker, worker
 * pool and replay know targets only through this interface and `targetRegistry`.
 *
 * Contracts:
 *  - `arbitrary(o)` sampled with a fixed fast-check seed always gives the same case; fast-check
 *    shrinks through it, so every value it yields (shrunk ones too) must be a valid case.
 *  - `fromBytes` accepts ANY bytes and returns a valid case (coverage-guided fuzzing feeds it).
 *  - `run(c, collectors)` returns normally iff every oracle holds; otherwise it throws the
 *    `OracleFailure` (oracles/OracleFailure.ts) naming the oracle, op, expected, actual and
 *    (`.collector`) the collector. Any other exception is a harness bug and is reported as such.
 *    It must be deterministic: same case, same collectors, same verdict.
 *  - `serialise` gives plain JSON data; `deserialise(serialise(c))` runs like `c`;
 *    `deserialise` of anything malformed throws UsageError (so replay exits 2), never crashes.
 *  - `reduce(c)`, optional, yields smaller variants of a failing case (most aggressive first) for
 *    the minimiser to try after fast-check's own shrinking; each must be valid.
 *  - `validateExact(json)`, optional, is what replay runs on a reproducer's `case` before
 *    deserialising it: it throws UsageError (exit 2, naming the first wrong field) unless the case
 *    runs exactly as written. A target whose `deserialise` repairs input (a fixup) must reject
 *    any file the repair would change: fixup is for generator output, not for files a person
 *    edited. `exactUnderFixup` (exactReplay.ts) does that for any target.
 *  - `usesCollectors: false` marks a target whose cases run on no collector (the decoder).
 */
export interface FuzzTarget<C> {
  readonly name: string;
  readonly usesCollectors?: boolean;
  validateExact?(json: unknown): void;
  arbitrary(options: TargetOptions): fc.Arbitrary<C>;
  fromBytes(bytes: Uint8Array): C;
  run(c: C, collectors: readonly GcRuntime[]): TargetRunStats;
  serialise(c: C): unknown;
  deserialise(json: unknown): C;
  /** A size for reports (ops, instructions); smaller is simpler. */
  size(c: C): number;
  reduce?(c: C): Iterable<C>;
  /**
   * Optional, with `reduce`: fast-check's shrinking stops after this many candidates in a row
   * that do not fail (the structural reducer goes on from the best case so far). Default: no limit.
   */
  readonly shrinkPatience?: number;
  /**
   * Optional: how long (ms) a correct runtime may take on `c`, from a deterministic measure of its
   * work (not from timing it). The shrinker of a hang gives each candidate this long instead of the
   * full hang timeout: a candidate still running after it is still hanging.
   */
  hangBudgetMs?(c: C): number;
}

/** A target of any case type, as registries and drivers hold it. */
export type AnyFuzzTarget = FuzzTarget<unknown>;
