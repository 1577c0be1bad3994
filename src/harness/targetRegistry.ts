import { UsageError } from '../errors/UsageError';
import type { AnyFuzzTarget } from './fuzzTarget';

/**
 * Every fuzz target by name, the one registry: seeded sessions, jsfuzz (fuzz/<name>Target.ts,
 * fuzz/jsfuzzTargets.ts), replay and the nightly driver all read it. To add one, implement
 * `FuzzTarget` in `targets/<name>Target.ts` and list it here.
 *
 * A target's module is loaded on first use, not with the registry: a case-runner thread (started
 * afresh after every hang candidate) then loads only its own target, not Binaryen and the other
 * targets' generators, and the CLI starts without loading every target.
 */
const LOADERS: Readonly<Record<string, () => AnyFuzzTarget>> = {
  ops: () => (require('./targets/opsTarget') as typeof import('./targets/opsTarget')).opsTarget as AnyFuzzTarget,
  wasm: () => (require('./targets/wasmTarget') as typeof import('./targets/wasmTarget')).wasmTarget as AnyFuzzTarget,
  decoder: () => (require('./targets/decoderTarget') as typeof import('./targets/decoderTarget')).decoderTarget as AnyFuzzTarget,
  loader: () => (require('./targets/loaderTarget') as typeof import('./targets/loaderTarget')).loaderTarget as AnyFuzzTarget,
  ttf: () => (require('./targets/ttfTarget') as typeof import('./targets/ttfTarget')).ttfTarget as AnyFuzzTarget,
};

const loaded = new Map<string, AnyFuzzTarget>();

export function targetNames(): string[] {
  return Object.keys(LOADERS);
}

/** The target named `name`; UsageError (exit 2) for an unknown one. */
export function getTarget(name: string): AnyFuzzTarget {
  const cached = loaded.get(name);
  if (cached !== undefined) return cached;
  const load = Object.prototype.hasOwnProperty.call(LOADERS, name) ? LOADERS[name] : undefined;
  if (load === undefined) throw new UsageError(`unknown target '${name}': use one of ${targetNames().join(', ')}`);
  const t = load();
  if (t.name !== name) throw new Error(`target registry: '${name}' loads a target named '${t.name}'`);
  loaded.set(name, t);
  return t;
}
