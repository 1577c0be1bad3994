import { GcfuzzError } from './GcfuzzError';

/** Instantiation failed at import resolution (spec 4.5.4), e.g. "unknown import" or "incompatible import type". */
export class LinkError extends GcfuzzError {
  readonly phase = 'link' as const;
  constructor(readonly reason: string) {
    super(reason);
  }
}
