import { findingSignature, observationOf, readReproducerFacts } from './findingSignature';
import type { Finding } from './nightlySummary';

/** Where and how a finding was seen, before its reproducer is read. */
export type FindingBase = Omit<Finding, 'signature' | 'kind' | 'size' | 'listing'>;

/** `base` completed from the reproducer at `reproducerPath`: its kind, size, case listing and signature. */
export function describeFinding(base: FindingBase, reproducerPath: string): Finding {
  const facts = readReproducerFacts(reproducerPath);
  return {
    ...base,
    signature: findingSignature({ oracle: base.oracle, collector: base.collector, kind: facts.kind, observation: observationOf(base.message) }),
    kind: facts.kind,
    size: facts.size,
    listing: facts.listing,
  };
}
