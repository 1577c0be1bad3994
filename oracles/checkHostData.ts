import type { HostObject } from './modelObject';
import { OracleFailure } from './OracleFailure';

/**
 * Dangling-host-data oracle, per op: looking up a reachable externref's host data yields the very
 * host object it was created with (identity, not equality: a stale id naming a newer host object of
 * the same shape is exactly the non-generational-id bug). O(1).
 */
export function checkHostData(expected: HostObject, actual: unknown, opIndex: number): void {
  if (actual !== expected) {
    const got = typeof actual === 'object' && actual !== null && 'serial' in actual ? `host object #${String((actual as HostObject).serial)}` : `${typeof actual} ${String(actual)}`;
    throw new OracleFailure('dangling-host-data', opIndex, `host object #${expected.serial}`, got);
  }
}
