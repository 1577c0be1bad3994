import { GcfuzzError } from '../../src/errors/GcfuzzError';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';
import { Trap } from '../../src/errors/Trap';
import { oracleForUnexpectedError } from '../classifyRuntimeError';
import { OracleFailure } from '../OracleFailure';
import type { StepFailure } from './outcome';

/**
 * What an error thrown out of a Wasm invocation (or the host's work around it) means as a step
 * outcome: an oracle's own failure or an unexpected runtime error is a crash naming its oracle; a
 * trap keeps the spec's trap kind; fuel, stack and memory exhaustion are resource outcomes, which
 * the differential allows to differ (allowedDifferences.ts).
 */
export function classifyStepError(e: unknown): StepFailure {
  if (e instanceof OracleFailure) return { kind: 'crash', error: e.oracle, message: e.message };
  if (e instanceof Trap) {
    if (e.kind === 'out of fuel') return { kind: 'exhausted', resource: 'fuel', message: e.message };
    if (e.kind === 'call stack exhausted') return { kind: 'exhausted', resource: 'stack', message: e.message };
    if (e.kind === 'out of memory') return { kind: 'exhausted', resource: 'memory', message: e.message };
    return { kind: 'trap', trapKinds: [e.kind], message: e.message };
  }
  if (e instanceof OutOfMemoryError) return { kind: 'exhausted', resource: 'memory', message: e.message };
  if (e instanceof GcfuzzError) return { kind: 'crash', error: oracleForUnexpectedError(e), message: e.message };
  return { kind: 'crash', error: e instanceof Error ? e.name : 'exception', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) };
}
