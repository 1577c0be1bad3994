import type { TrapKind } from '../../src/errors/Trap';

/**
 * An engine-independent summary of one Wasm value. GC objects are opaque to JavaScript (V8 cannot
 * say more than "a Wasm object"), so every engine summarises structs and arrays as `object`;
 * field values reach the comparison through the numbers the program reads back and records.
 * Externrefs are summarised by host identity (which host object), i31refs by value, floats by
 * bit pattern with every NaN as `nan` (allowed difference `nan-payloads`).
 */
export type ValueSummary =
  | { readonly t: 'i32'; readonly v: number }
  | { readonly t: 'i64'; readonly v: string }
  | { readonly t: 'f32'; readonly bits: number | 'nan' }
  | { readonly t: 'f64'; readonly bits: string | 'nan' }
  | { readonly t: 'null' }
  | { readonly t: 'i31'; readonly v: number }
  | { readonly t: 'host'; readonly id: number }
  | { readonly t: 'object' }
  | { readonly t: 'func' };

/** One call of a host function, with its arguments summarised. */
export interface HostCall {
  readonly fn: string;
  readonly args: readonly ValueSummary[];
}

/** Why an engine stopped without a result or trap, where that is a legitimate difference (see allowedDifferences). */
export type ExhaustedResource = 'fuel' | 'stack' | 'memory';

/**
 * What one step (instantiation, or one invocation) did. `crash` is an engine error that is never
 * legitimate: a sandbox or invariant error, an internal exception, a module V8 rejects.
 * `trapKinds` holds every spec trap kind the engine's report is consistent with (one for the
 * interpreter; V8 reports some kinds with one message, see `v8-trap-messages`).
 */
export type StepOutcome = ({ readonly kind: 'return'; readonly values: readonly ValueSummary[] } | StepFailure) & { readonly hostCalls: readonly HostCall[] };

/** A step that did not return. */
export type StepFailure =
  | { readonly kind: 'trap'; readonly trapKinds: readonly TrapKind[]; readonly message: string }
  | { readonly kind: 'exhausted'; readonly resource: ExhaustedResource; readonly message: string }
  /**
   * An uncaught Wasm exception left the invocation: the tag by its export name (every generated tag
   * is exported; '?' for one that is not) and the payload. JavaScript cannot read an exnref, so an
   * exnref payload entry is summarised as `object` whether null or not, by every engine.
   */
  | { readonly kind: 'exception'; readonly tag: string; readonly payload: readonly ValueSummary[]; readonly message: string }
  /** `error`: for interpreter engines the oracle the error belongs to (oracles/classifyRuntimeError), else a description. */
  | { readonly kind: 'crash'; readonly error: string; readonly message: string };

export interface FinalState {
  /** Exported globals in export order. */
  readonly globals: readonly { readonly name: string; readonly value: ValueSummary }[];
  /** Exported tables in export order, every element. */
  readonly tables: readonly { readonly name: string; readonly elems: readonly ValueSummary[] }[];
}

/** Everything an engine reports about one case. */
export interface Outcome {
  readonly engine: string;
  readonly instantiation: StepOutcome;
  /** One per script invocation; empty when instantiation failed. */
  readonly invocations: readonly StepOutcome[];
  /** Absent when instantiation failed. */
  readonly final?: FinalState;
  /** Engine statistics (collections, allocations...): reported, never compared. */
  readonly stats: Readonly<Record<string, number>>;
}

/** Stable one-line text of a value summary, for messages and reproducers. */
export function showValue(v: ValueSummary): string {
  switch (v.t) {
    case 'i32': case 'i64': case 'i31': return `${v.t}:${v.v}`;
    case 'f32': return v.bits === 'nan' ? 'f32:nan' : `f32:0x${v.bits.toString(16)}`;
    case 'f64': return v.bits === 'nan' ? 'f64:nan' : `f64:0x${v.bits}`;
    case 'host': return `host#${v.id}`;
    default: return v.t;
  }
}

/** Stable one-line text of a step outcome (without its host calls). */
export function showStep(s: StepOutcome): string {
  switch (s.kind) {
    case 'return': return `return [${s.values.map(showValue).join(', ')}]`;
    case 'trap': return `trap ${s.trapKinds.join('|')}`;
    case 'exception': return `exception ${s.tag}(${s.payload.map(showValue).join(', ')})`;
    case 'exhausted': return `exhausted ${s.resource}`;
    case 'crash': return `crash ${s.error}: ${s.message}`;
  }
}

export function showHostCall(h: HostCall): string {
  return `${h.fn}(${h.args.map(showValue).join(', ')})`;
}
