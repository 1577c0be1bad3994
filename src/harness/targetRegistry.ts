import { UsageError } from '../errors/UsageError';
import type { AnyFuzzTarget } from './fuzzTarget';
import { opsTarget } from './targets/opsTarget';
import { wasmTarget } from './targets/wasmTarget';

/**
 * Every fuzz target by name. To add one (e.g. 'wasm'), implement `FuzzTarget` in
 * `targets/<name>Target.ts` and list it here; the CLI, workers, shrinker and replay pick it up.
 */
const TARGETS: readonly AnyFuzzTarget[] = [opsTarget as AnyFuzzTarget, wasmTarget as AnyFuzzTarget];

export function targetNames(): string[] {
  return TARGETS.map((t) => t.name);
}

/** The target named `name`; UsageError (exit 2) for an unknown one. */
export function getTarget(name: string): AnyFuzzTarget {
  const t = TARGETS.find((x) => x.name === name);
  if (t === undefined) throw new UsageError(`unknown target '${name}': use one of ${targetNames().join(', ')}`);
  return t;
}
