/**
 * The oracles, by name. `dangling` and `dangling-host-data` are the two halves of the
 * architecture's "dangling host data" oracle (object memory vs. the host-data side table), kept
 * apart so a report says which one broke. `invariant` is a runtime integrity check (gc_zeal)
 * raising InvariantError where the model says the heap must be consistent. `crash` is an exception no
 * oracle classified: a harness bug, or a runtime failure that escaped every check (reported, never
 * swallowed). `timeout` is a case that did not finish within the session's case timeout (a
 * collector or barrier that loops); the session's watchdog reports it, since the hung thread cannot.
 * `containment`, `snapshot-edges` and `closure` are the marking oracles (oracles/incremental) a
 * collector whose mutator runs between slices answers to at the end of marking. `accounting` is
 * the heap's own bookkeeping (barrier and allocation counters, completed collections, used bytes,
 * capacity and growth) against the calls made; `roots` is the roots list a collector is handed
 * against the roots the mutator holds, kind by kind. `free-list` is a free-list heap's allocator
 * (best fit, split, coalescing, its totals) against a simple reference fed the same calls
 * (oracles/installFreeListOracle.ts). `stack-roots-trigger` is DRC's entering-Wasm collection
 * trigger against its documented policy, and the absence of one on heaps without a stack-roots
 * list (oracles/installStackRootsTriggerOracle.ts).
 * `slice-budget` and `marking-counters` judge an incremental collector's slices (their budget)
 * and its own counters (oracles/incremental). `loader` is the `--collector` loader against its
 * documented grammar (oracles/checkCollectorLoad.ts, the loader target).
 */
export type OracleName =
  | 'leak'
  | 'dangling'
  | 'dangling-host-data'
  | 'sandbox'
  | 'incremental-vs-full'
  | 'containment'
  | 'snapshot-edges'
  | 'closure'
  | 'differential'
  | 'invariant'
  | 'accounting'
  | 'roots'
  | 'free-list'
  | 'stack-roots-trigger'
  | 'slice-budget'
  | 'marking-counters'
  | 'loader'
  | 'crash'
  | 'timeout';

export const ORACLE_NAMES: readonly OracleName[] = ['leak', 'dangling', 'dangling-host-data', 'sandbox', 'incremental-vs-full', 'containment', 'snapshot-edges', 'closure', 'differential', 'invariant', 'accounting', 'roots', 'free-list', 'stack-roots-trigger', 'slice-budget', 'marking-counters', 'loader', 'crash', 'timeout'];

/**
 * What every oracle throws: which oracle, at which op of the case (0-based; the op count for the
 * closing collection after the last op; -1 when no single op applies), what
 * the reference (model, another collector, the full-collection run) expected and what the runtime
 * under test did. Messages are stable text so reproducers and regression files can quote them.
 */
export class OracleFailure extends Error {
  constructor(
    readonly oracle: OracleName,
    readonly opIndex: number,
    readonly expected: string,
    readonly actual: string,
    readonly detail = '',
    /** The collector the failing run used, once the driver knows it. */
    readonly collector: string | null = null,
  ) {
    super(`[${oracle}]${collector !== null ? ` ${collector}` : ''} at ${opIndex < 0 ? 'the end' : `op ${opIndex}`}: expected ${expected}, got ${actual}${detail ? ` (${detail})` : ''}`);
    this.name = 'OracleFailure';
  }

  /** The same failure, attributed to `collector`. */
  withCollector(collector: string): OracleFailure {
    return new OracleFailure(this.oracle, this.opIndex, this.expected, this.actual, this.detail, collector);
  }
}
