import { refI31 } from '../src/runtime/gcRef';
import { ModelObject, type ModelRef, type ModelValue } from './modelObject';
import { OracleFailure } from './OracleFailure';

/**
 * Dangling oracle, per op: a ref read from a reachable location must be the very object (by its
 * current address, kept in `ModelObject.addr`), null or i31 the model says was last written there.
 * O(1).
 */
export function checkReadRef(expected: ModelRef, raw: unknown, opIndex: number, where: string): void {
  if (typeof raw !== 'number') throw new OracleFailure('sandbox', opIndex, `a ref from ${where}`, `${typeof raw} ${String(raw)}`);
  if (expected instanceof ModelObject) {
    if (raw !== expected.addr) throw new OracleFailure('dangling', opIndex, `object #${expected.id} at 0x${expected.addr.toString(16)}`, showRaw(raw), where);
  } else if (expected === null) {
    if (raw !== 0) throw new OracleFailure('dangling', opIndex, 'null', showRaw(raw), where);
  } else if (raw !== refI31(expected)) {
    throw new OracleFailure('dangling', opIndex, `i31 ${expected}`, showRaw(raw), where);
  }
}

/** Dangling oracle, per op: a numeric field reads back exactly what was last written. O(1). */
export function checkReadNumeric(expected: ModelValue, actual: unknown, opIndex: number, where: string): void {
  if (typeof actual !== 'number' && typeof actual !== 'bigint') {
    throw new OracleFailure('sandbox', opIndex, `a number from ${where}`, `${typeof actual} ${String(actual)}`);
  }
  if (!sameNumeric(expected, actual)) throw new OracleFailure('dangling', opIndex, showModelValue(expected), String(actual), where);
}

/** Numeric equality that tells -0 from 0 and NaN payload-free NaNs apart from numbers. */
export function sameNumeric(a: ModelValue, b: unknown): boolean {
  if (typeof a === 'bigint') return typeof b === 'bigint' && a === b;
  return typeof b === 'number' && Object.is(a, b);
}

export function showModelValue(v: ModelValue): string {
  if (v instanceof ModelObject) return `object #${v.id}`;
  if (v === null) return 'null';
  return typeof v === 'bigint' ? `${v}n` : String(v);
}

function showRaw(raw: number): string {
  if (raw === 0) return 'null';
  if ((raw & 1) === 1) return `i31 ${raw >>> 1}`;
  return `ref 0x${raw.toString(16)}`;
}
