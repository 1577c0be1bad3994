/** The store-level outcome "stop here": an allowed OOM (not an error of the runtime). */
export class StopRun {
  constructor(readonly reason: 'oom') {}
}

/** After a taint an earlier op may have failed to make its handle or frame; ops naming it are skipped. */
export class SkipOp {}

/** A runtime call's outcome: its value, or the error it threw. */
export interface Attempt<T> {
  readonly threw: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
}
