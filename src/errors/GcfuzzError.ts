/**
 * Base of every typed error gcfuzz raises. Callers branch on the class (or on `phase`), never on
 * message text. `phase` names the stage that failed, matching the guide's list: decode,
 * validation, link, trap, sandbox, out-of-memory, internal invariant.
 */
export type ErrorPhase = 'decode' | 'validation' | 'link' | 'trap' | 'sandbox' | 'out-of-memory' | 'invariant' | 'usage' | 'input';

export abstract class GcfuzzError extends Error {
  abstract readonly phase: ErrorPhase;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
