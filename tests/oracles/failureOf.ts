import assert from 'node:assert/strict';
import { OracleFailure } from '../../oracles/OracleFailure';

/** The OracleFailure `fn` throws (any other error propagates; returning normally fails the test). */
export function failureOf(fn: () => void): OracleFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof OracleFailure) return e;
    throw e;
  }
  assert.fail('expected an OracleFailure');
}
