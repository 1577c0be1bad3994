import type { AnyFuzzTarget } from '../src/harness/fuzzTarget';
import { resolveCollectors } from '../src/harness/resolveCollectors';
import { COLLECTORS_ENV } from './jsfuzzTargets';

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
