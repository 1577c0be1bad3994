import { UsageError } from '../errors/UsageError';
import type { AnyFuzzTarget } from './fuzzTarget';
import { opsTarget } from './targets/opsTarget';
import { wasmTarget } from './targets/wasmTarget';
import { decoderTarget } from './targets/decoderTarget';
import { ttfTarget } from './targets/ttfTarget';

/**
 * Every fuzz target by name, the one registry: seeded sessions, jsfuzz (fuzz/<name>Target.ts,
 * fuzz/jsfuzzTargets.ts), replay and the nightly driver all read it. To add one, implement
 * `FuzzTarget` in `targets/<name>Target.ts` and list it here.
 */
const TARGETS: readonly AnyFuzzTarget[] = [opsTarget as AnyFuzzTarget, wasmTarget as AnyFuzzTarget, decoderTarget as AnyFuzzTarget, ttfTarget as AnyFuzzTarget];

export function targetNames(): string[] {
  return TARGETS.map((t) => t.name);
}

/** The target named `name`; UsageError (exit 2) for an unknown one. */
export function getTarget(name: string): AnyFuzzTarget {
  const t = TARGETS.find((x) => x.name === name);
  if (t === undefined) throw new UsageError(`unknown target '${name}': use one of ${targetNames().join(', ')}`);
  return t;
}
