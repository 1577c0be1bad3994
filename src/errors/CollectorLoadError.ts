import { GcfuzzError } from './GcfuzzError';

/**
 * A collector could not be loaded: an unknown built-in name, a module that does not load, or one
 * without a GcRuntime export. A runtime error (the runtime knows nothing of command lines); the
 * CLI maps it to exit code 2, like any other bad input (exitCodes.ts).
 */
export class CollectorLoadError extends GcfuzzError {
  readonly phase = 'input' as const;
}
