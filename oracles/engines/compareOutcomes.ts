import { OracleFailure } from '../OracleFailure';
import { trapKindsMatch } from './allowedDifferences';
import { showHostCall, showStep, showValue, type HostCall, type Outcome, type StepOutcome, type ValueSummary } from './outcome';

/** Where two outcomes first differ: the step (-1 instantiation, i invocation i, -2 final state) and the two texts. */
export interface OutcomeDifference {
  readonly step: number;
  readonly where: string;
  readonly expected: string;
  readonly actual: string;
}

function sameValue(a: ValueSummary, b: ValueSummary): boolean {
  return showValue(a) === showValue(b);
}

function sameValues(a: readonly ValueSummary[], b: readonly ValueSummary[]): boolean {
  return a.length === b.length && a.every((v, i) => sameValue(v, b[i]!));
}

function firstCallDifference(a: readonly HostCall[], b: readonly HostCall[], prefixOnly: boolean): { index: number; a: string; b: string } | undefined {
  const n = prefixOnly ? Math.min(a.length, b.length) : Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || x.fn !== y.fn || !sameValues(x.args, y.args)) {
      return { index: i, a: x ? showHostCall(x) : 'no call', b: y ? showHostCall(y) : 'no call' };
    }
  }
  return undefined;
}

/**
 * Compares a step; returns a difference, 'stop' when an allowed resource exhaustion ends the
 * comparison (`resource-exhaustion`), or undefined when they agree.
 */
function compareStep(step: number, where: string, a: StepOutcome, b: StepOutcome): OutcomeDifference | 'stop' | undefined {
  const exhausted = a.kind === 'exhausted' || b.kind === 'exhausted';
  const calls = firstCallDifference(a.hostCalls, b.hostCalls, exhausted);
  if (calls !== undefined) return { step, where: `${where}, host call ${calls.index}`, expected: calls.a, actual: calls.b };
  if (exhausted) return 'stop';
  const diff = (): OutcomeDifference => ({ step, where, expected: showStep(a), actual: showStep(b) });
  if (a.kind !== b.kind) return diff();
  if (a.kind === 'return' && b.kind === 'return') return sameValues(a.values, b.values) ? undefined : diff();
  if (a.kind === 'trap' && b.kind === 'trap') return trapKindsMatch(a.trapKinds, b.trapKinds) ? undefined : diff();
  if (a.kind === 'exception' && b.kind === 'exception') return a.tag === b.tag && sameValues(a.payload, b.payload) ? undefined : diff();
  // Crashes never agree: each is a finding of its own engine.
  return diff();
}

/**
 * The first difference between `expected` (the reference engine) and `actual` that
 * ALLOWED_DIFFERENCES does not cover, or undefined. A crash on either side is always a difference.
 */
export function compareOutcomes(expected: Outcome, actual: Outcome): OutcomeDifference | undefined {
  const inst = compareStep(-1, 'instantiation', expected.instantiation, actual.instantiation);
  if (inst === 'stop') return undefined;
  if (inst !== undefined) return inst;
  const n = Math.max(expected.invocations.length, actual.invocations.length);
  for (let i = 0; i < n; i++) {
    const a = expected.invocations[i];
    const b = actual.invocations[i];
    if (a === undefined || b === undefined) return { step: i, where: `invocation ${i}`, expected: a ? showStep(a) : 'none', actual: b ? showStep(b) : 'none' };
    const d = compareStep(i, `invocation ${i}`, a, b);
    if (d === 'stop') return undefined;
    if (d !== undefined) return d;
  }
  const fa = expected.final;
  const fb = actual.final;
  if (fa === undefined || fb === undefined) return fa === fb ? undefined : { step: -2, where: 'final state', expected: String(!!fa), actual: String(!!fb) };
  for (let g = 0; g < Math.max(fa.globals.length, fb.globals.length); g++) {
    const x = fa.globals[g];
    const y = fb.globals[g];
    if (x === undefined || y === undefined || x.name !== y.name || !sameValue(x.value, y.value)) {
      return { step: -2, where: `global ${x?.name ?? y?.name}`, expected: x ? showValue(x.value) : 'none', actual: y ? showValue(y.value) : 'none' };
    }
  }
  for (let t = 0; t < Math.max(fa.tables.length, fb.tables.length); t++) {
    const x = fa.tables[t];
    const y = fb.tables[t];
    if (x === undefined || y === undefined || x.name !== y.name || !sameValues(x.elems, y.elems)) {
      return { step: -2, where: `table ${x?.name ?? y?.name}`, expected: x ? `[${x.elems.map(showValue).join(', ')}]` : 'none', actual: y ? `[${y.elems.map(showValue).join(', ')}]` : 'none' };
    }
  }
  return undefined;
}

/** The differential oracle: throws OracleFailure('differential') naming both engines at the first unallowed difference. */
export function checkSameOutcome(expected: Outcome, actual: Outcome): void {
  const d = compareOutcomes(expected, actual);
  if (d !== undefined) {
    throw new OracleFailure('differential', d.step, `${expected.engine}: ${d.expected}`, `${actual.engine}: ${d.actual}`, d.where);
  }
}

/** An engine crash is a finding even without a second engine. Returns the first crash, if any. */
export function firstCrash(o: Outcome): { step: number; outcome: StepOutcome } | undefined {
  if (o.instantiation.kind === 'crash') return { step: -1, outcome: o.instantiation };
  const i = o.invocations.findIndex((s) => s.kind === 'crash');
  return i >= 0 ? { step: i, outcome: o.invocations[i]! } : undefined;
}
