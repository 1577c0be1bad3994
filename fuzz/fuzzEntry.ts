import type { AnyFuzzTarget } from '../src/harness/fuzzTarget';
import { resolveCollectors } from '../src/harness/resolveCollectors';

/**
 * The environment variable through which the driver tells a target which collectors to run
 * (`--collector`: `all`, `drc`, a module path). Defined here, not in jsfuzzTargets.ts, so a jsfuzz
 * target loads only its own target: everything it loads is instrumented, which is slow.
 */
export const COLLECTORS_ENV = 'GCFUZZ_COLLECTORS';

/**
 * The jsfuzz `fuzz(buf)` function of a registry target: bytes -> case (`fromBytes`, which accepts
 * any bytes) -> every oracle on the collectors named by GCFUZZ_COLLECTORS (default `all`).
 * An OracleFailure or any other exception propagates: jsfuzz records the input as a crash.
 */
export function fuzzEntry(target: AnyFuzzTarget): (buf: Buffer) => void {
  const collectors = target.usesCollectors === false ? [] : resolveCollectors(process.env[COLLECTORS_ENV] ?? 'all').collectors;
  return (buf) => {
    target.run(target.fromBytes(buf), collectors);
  };
}
