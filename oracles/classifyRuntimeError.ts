import { GcfuzzError } from '../src/errors/GcfuzzError';
import { InvariantError } from '../src/errors/InvariantError';
import { OutOfMemoryError } from '../src/errors/OutOfMemoryError';
import { SandboxError } from '../src/errors/SandboxError';
import { Trap } from '../src/errors/Trap';
import type { OracleName } from './OracleFailure';
import type { ModelFault } from './modelSlot';

/** A runtime error reduced to what traces compare: class and, for sandbox errors, the violation. */
export function errorKind(e: unknown): string {
  if (e instanceof SandboxError) return `sandbox:${e.violation}`;
  if (e instanceof GcfuzzError) return e.phase;
  if (e instanceof Error) return `untyped:${e.name}`;
  return 'untyped:non-error';
}

/** Whether runtime error `e` is the one the model predicted. */
export function errorMatchesFault(e: unknown, fault: ModelFault): boolean {
  switch (fault) {
    case 'null': return e instanceof SandboxError && e.violation === 'null';
    case 'bounds': return e instanceof SandboxError && e.violation === 'field out of bounds';
    case 'no-gc': return e instanceof InvariantError;
    case 'null-reference': return e instanceof Trap && e.kind === 'null reference';
    case 'array-oob': return e instanceof Trap && e.kind === 'out of bounds array access';
    case 'table-oob': return e instanceof Trap && e.kind === 'out of bounds table access';
  }
}

/**
 * Which oracle an error that the model did NOT predict belongs to:
 *  - any error that is not a GcfuzzError (RangeError, TypeError...) escaped the heap's checks:
 *    sandbox;
 *  - SandboxError about host-data ids: dangling-host-data (a live externref's entry is gone);
 *  - any other SandboxError on a ref the model says is live: dangling (use after free);
 *  - InvariantError from the heap's own integrity checks reporting a dangling field, a write into
 *    freed memory or a Wasm frame holding an object the collector does not account for (DRC's
 *    "stack root not listed"): dangling; any other InvariantError: invariant;
 *  - OutOfMemoryError the allowances do not cover: leak (memory the collector should have
 *    reclaimed is still held).
 */
export function oracleForUnexpectedError(e: unknown): OracleName {
  if (!(e instanceof GcfuzzError)) return 'sandbox';
  if (e instanceof SandboxError) return e.violation === 'bad host data id' ? 'dangling-host-data' : 'dangling';
  if (e instanceof InvariantError) return DANGLING_CHECKS.has(e.check) ? 'dangling' : 'invariant';
  if (e instanceof OutOfMemoryError) return 'leak';
  return 'invariant';
}

/** Runtime integrity checks (InvariantError.check) whose failure means a live ref to freed memory. */
const DANGLING_CHECKS: ReadonlySet<string> = new Set(['dangling ref field', 'poison', 'stack root not listed']);

/** One-line description of an error for failure messages. */
export function describeError(e: unknown): string {
  if (e instanceof GcfuzzError) return `${e.name}: ${e.message}`;
  if (e instanceof Error) {
    const frame = e.stack?.split('\n').find((l) => l.trimStart().startsWith('at '))?.trim();
    return `${e.name}: ${e.message}${frame !== undefined ? ` (${frame})` : ''}`;
  }
  return String(e);
}
