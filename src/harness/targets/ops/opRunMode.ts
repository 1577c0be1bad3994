import type { GcRuntime } from '../../../runtime/gcHeap';
import type { Observation } from '../../../../oracles/observation';
import type { GcTriggerCounts } from '../../../runtime/store';

/**
 * How a case is run, by name:
 *  - 'lockstep': the reference model beside the runtime, every per-op and post-collection
 *    oracle, collections as generated; the final state is fingerprinted when some collection's
 *    slice schedule could have mattered (the primary run);
 *  - 'lockstep-full-gc': the same with every sliced collection run as `Store.gc()` and abandoned
 *    ones left out (does a failure survive without the schedule?);
 *  - 'full-gc-reference': no model, every collection full, final state always fingerprinted (the
 *    incremental-vs-full reference; costs the runtime alone);
 *  - 'bare': no model, no oracles beyond typed errors, collections as generated (the bench floor).
 */
export type OpRunMode = 'lockstep' | 'lockstep-full-gc' | 'full-gc-reference' | 'bare';

export interface OpRunModeSpec {
  readonly model: boolean;
  readonly fullGcOnly: boolean;
  readonly fingerprint: 'never' | 'always' | 'if-scheduled';
}

export const OP_RUN_MODES: Readonly<Record<OpRunMode, OpRunModeSpec>> = {
  lockstep: { model: true, fullGcOnly: false, fingerprint: 'if-scheduled' },
  'lockstep-full-gc': { model: true, fullGcOnly: true, fingerprint: 'never' },
  'full-gc-reference': { model: false, fullGcOnly: true, fingerprint: 'always' },
  bare: { model: false, fullGcOnly: false, fingerprint: 'never' },
};

export interface OpRunOptions {
  readonly collector: GcRuntime;
  readonly mode: OpRunMode;
}

export interface OpRunResult {
  readonly collector: string;
  /** One observation per op run; compared up to `comparableOps`. */
  readonly trace: readonly Observation[];
  readonly opsRun: number;
  /** Ops whose observations are comparable: all of them, or those before an allowed OOM or a taint. */
  readonly comparableOps: number;
  readonly stopReason: 'end' | 'oom' | 'taint';
  /** Observable final state after a closing full collection ('' when not asked or not comparable). */
  readonly fingerprint: string;
  readonly collections: number;
  /** Objects the model saw reclaimed by completed collections (0 without a model). */
  readonly objectsFreed: number;
  /** Objects found at a new address after a collection (0 without a model). */
  readonly objectsMoved: number;
  /**
   * Collections whose slice schedule could matter: completed only after two or more increments,
   * or abandoned after at least one. 0 means every collection ran as a full one would (or was
   * dropped before doing anything).
   */
  readonly scheduledCollections: number;
  /** Why the store started its collections (`Store.gcTriggerCounts`), for the trigger benchmark. */
  readonly gcTriggers: GcTriggerCounts;
}
