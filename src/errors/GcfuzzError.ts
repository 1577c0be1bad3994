/**
 * Base of every typed error gcfuzz raises. Callers branch on the class (or on `phase`), never on
 * message text. `phase` names the stage that failed, matching the guide's list: decode,
 * validation, link, trap, sandbox, out-of-memory, internal invariant.
 */
export type ErrorPhase = 'decode' | 'validation' | 'link' | 'trap' | 'sandbox' | 'out-of-memory' | 'invariant' | 'usage' | 'input';

export abstract class GcfuzzError extends Error {
  abstract readonly phase: ErrorPhase;
  /**
   * Outcomes a guest or a forged input causes by design (traps, sandbox refusals, out of memory)
   * are thrown thousands of times a run and are judged by class, fields and message, never by
   * where they were thrown: such classes set this and skip capturing a stack, which costs more
   * than the operation that failed. Internal errors (InvariantError and the rest) keep theirs.
   */
  static readonly stackless: boolean = false;

  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    if ((new.target as unknown as typeof GcfuzzError).stackless) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = new.target.name;
  }
}
