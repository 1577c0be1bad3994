import { GcfuzzError } from './GcfuzzError';

/** Bad command-line flags or a malformed corpus/reproducer file. The CLI maps it to exit code 2. */
export class UsageError extends GcfuzzError {
  readonly phase = 'usage' as const;
}
