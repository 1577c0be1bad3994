import type { ModelFault } from './modelSlot';
import { OracleFailure } from './OracleFailure';
import { describeError, errorMatchesFault, oracleForUnexpectedError } from './classifyRuntimeError';

/**
 * Per op: the runtime raised exactly the error the model predicts (`fault`), or none when the model
 * says the op succeeds. An unpredicted error is attributed by `oracleForUnexpectedError`; a missing
 * one (a null dereference or out-of-bounds index or range that went through) is a sandbox failure,
 * since the heap touched memory it had no object for. `error` is undefined when the op returned.
 */
export function checkOpOutcome(fault: ModelFault | null, error: unknown, threw: boolean, opIndex: number, op: string): void {
  if (fault === null) {
    if (threw) throw new OracleFailure(oracleForUnexpectedError(error), opIndex, `${op} to succeed`, describeError(error));
    return;
  }
  if (!threw) throw new OracleFailure(fault === 'no-gc' ? 'invariant' : 'sandbox', opIndex, `${op} to raise ${faultText(fault)}`, 'success');
  if (!errorMatchesFault(error, fault)) {
    throw new OracleFailure(oracleForUnexpectedError(error), opIndex, `${op} to raise ${faultText(fault)}`, describeError(error));
  }
}

function faultText(fault: ModelFault): string {
  switch (fault) {
    case 'null': return "SandboxError 'null'";
    case 'bounds': return "SandboxError 'field out of bounds'";
    case 'no-gc': return 'InvariantError (collection inside a no-GC scope)';
    case 'null-reference': return "trap 'null reference'";
    case 'array-oob': return "trap 'out of bounds array access'";
    case 'table-oob': return "trap 'out of bounds table access'";
  }
}
