import { GcfuzzError } from './GcfuzzError';

/**
 * The collector cannot satisfy an allocation even after a full collection and growth to the
 * configured maximum, or the request exceeds an implementation limit (seed: the `Err(_)` outcome
 * of `alloc_externref`).
 */
export class OutOfMemoryError extends GcfuzzError {
  static override readonly stackless = true;
  readonly phase = 'out-of-memory' as const;
  constructor(readonly requestedBytes: number, reason = 'GC heap out of memory') {
    super(`${reason} (requested ${requestedBytes} bytes)`);
  }
}
