import { GcfuzzError } from './GcfuzzError';

/** The module decodes but is not valid (spec 3, validation). `where` locates the fault, e.g. "func 3, instr 12". */
export class ValidationError extends GcfuzzError {
  readonly phase = 'validation' as const;
  constructor(readonly reason: string, readonly where: string = '') {
    super(where ? `${reason} (${where})` : reason);
  }
}
