import { GcfuzzError } from './GcfuzzError';

/**
 * An internal invariant failed: misuse of an API (gc inside a no-GC scope, LIFO violation of scoped
 * roots) or a zeal integrity check that found corrupt collector state. Never caused by Wasm input
 * alone; when a fuzz case triggers one, that is a finding.
 */
export class InvariantError extends GcfuzzError {
  readonly phase = 'invariant' as const;
  constructor(readonly check: string, detail = '') {
    super(detail ? `${check}: ${detail}` : check);
  }
}
