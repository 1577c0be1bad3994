import { GcfuzzError } from './GcfuzzError';

/** The bytes are not a well-formed module (spec 5, binary format). `offset` is the byte offset of the fault. */
export class DecodeError extends GcfuzzError {
  readonly phase = 'decode' as const;
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte ${offset})`);
  }
  /** The spec-style message without the offset suffix, e.g. "unexpected end". */
  get reason(): string {
    return this.message.replace(/ \(at byte \d+\)$/, '');
  }
}
