import type { GcRef } from '../../../runtime/gcRef';
import { refI31 } from '../../../runtime/gcRef';
import type { FieldValue } from '../../../runtime/gcHeap';
import type { InitValue, RefValue, Slot } from '../../../gen/ops/opCase';
import { ModelObject, type HostObject, type ModelRef, type ModelValue } from '../../../../oracles/modelObject';
import { Fault } from '../../../../oracles/modelSlot';
import { OracleFailure } from '../../../../oracles/OracleFailure';
import { checkReadRef } from '../../../../oracles/checkReadValue';
import { NULL, obsI31, obsObject, type Observation } from '../../../../oracles/observation';
import type { OpRunner } from './opRunner';
import { SkipOp } from './opRunControl';

/**
 * Reading op operands on both sides of a lock-step run: the raw value from the store and the
 * model's value, checked against each other (the dangling oracle's per-op half).
 */

/** The raw value in a slot (borrowed; use before anything can collect). */
export function readRaw(x: OpRunner, slot: Slot, signed: boolean): unknown {
  const heap = x.store.heap;
  switch (slot.s) {
    case 'handle': return x.store.get(x.handleAt(slot.h));
    case 'field': return heap.structGet(x.store.get(x.handleAt(slot.h)), slot.f, signed);
    case 'elem': return heap.arrayGet(x.store.get(x.handleAt(slot.h)), slot.i, signed);
    case 'global': return x.globals[slot.g]!;
    case 'table': return x.tableAt(slot.t, slot.i).elems[slot.i]!;
    case 'frame': return x.frameAt(slot.d)[slot.i]!;
  }
}

/**
 * A value about to be used as a ref. Only a corrupted (tainted) run can make a ref location
 * yield something else (a field of an object that is not what the case assumed); the op is then
 * skipped rather than feeding a non-ref to the runtime.
 */
export function refFrom(x: OpRunner, v: unknown): GcRef {
  if (typeof v === 'number') return v;
  if (x.tainted) throw new SkipOp();
  throw new OracleFailure('sandbox', x.opIndex, 'a ref (u32)', `${typeof v} ${String(v)}`, 'value read from a ref location');
}

/** The model's value of a ref operand, or the fault reading it must raise. */
export function modelRefOperand(x: OpRunner, val: RefValue): ModelRef | Fault {
  const m = x.model;
  if (m === null || val.v === 'null') return null;
  if (val.v === 'i31') return val.n & 0x7fffffff;
  return m.read(val.slot, false) as ModelRef | Fault;
}

/**
 * Read a ref operand (null, an i31, or a slot's current value) and check it against the model.
 * Undefined when the read faults (as the model must predict); the fault is then the op's
 * observation. The raw ref is borrowed: use it before anything can collect.
 */
export function refOperand(x: OpRunner, val: RefValue, what: string): { raw: GcRef; mv: ModelRef } | undefined {
  const want = modelRefOperand(x, val);
  const got = x.attempt(() => (val.v === 'slot' ? readRaw(x, val.slot, false) : val.v === 'i31' ? refI31(val.n) : 0));
  if (!x.outcome(got, `${what} (reading an operand)`, want instanceof Fault ? want : null)) return undefined;
  const mv = want instanceof Fault ? null : want;
  if (x.model !== null && val.v === 'slot') checkReadRef(mv, got.value, x.opIndex, `operand of ${what}`);
  return { raw: refFrom(x, got.value), mv };
}

/** A ref operand (`refOperand`) or a numeric one (i64 decimal strings become bigints). */
export function initOperand(x: OpRunner, val: InitValue, what: string): { raw: FieldValue; mv: ModelValue } | undefined {
  if (typeof val === 'object') return refOperand(x, val, what);
  const v = typeof val === 'string' ? BigInt(val) : val;
  return { raw: v, mv: v };
}

/** Root a value just read in a new handle (`cloneGcRef` then root: the handle owns a count). */
export function keepValue(x: OpRunner, raw: number, keep: 'owned' | 'scoped', mv: ModelRef): void {
  const owned = keep === 'owned';
  const heap = x.store.heap;
  x.pushHandle(x.runtime(() => x.store.root(heap.cloneGcRef(raw), owned), 'keep'), owned);
  x.model?.keep(mv, owned);
}

/** Whether a slot holds refs: from the model's object type when checking, else from the header. */
export function isRefSlot(x: OpRunner, slot: Slot): boolean {
  if (slot.s !== 'field' && slot.s !== 'elem') return true;
  const m = x.model;
  const type = m !== null
    ? (m.handleValue(slot.h) as ModelObject).type
    : x.runtime(() => x.store.heap.headerType(x.store.get(x.handleAt(slot.h))), 'headerType');
  const t = x.c.types[type]!;
  const st = t.kind === 'struct' ? t.fields[slot.s === 'field' ? slot.f : 0]!.storage : t.element.storage;
  return typeof st !== 'string';
}

/** The observation of a ref read: the model's identity when checking, else the raw ref's kind. */
export function observeRef(mv: ModelRef | undefined, raw: GcRef): Observation {
  if (mv !== undefined) {
    if (mv instanceof ModelObject) return obsObject(mv.id);
    return mv === null ? NULL : obsI31(mv);
  }
  if (raw === 0) return NULL;
  return (raw & 1) === 1 ? obsI31(raw >>> 1) : obsObject(undefined);
}

/** The serial of a host object (fingerprints and observations); undefined for anything else. */
export function hostSerial(v: unknown): number | undefined {
  return typeof v === 'object' && v !== null && 'serial' in v ? (v as HostObject).serial : undefined;
}

export function hostKey(v: unknown): string {
  const s = hostSerial(v);
  return s === undefined ? `?${typeof v}` : String(s);
}

export function slotText(s: Slot): string {
  switch (s.s) {
    case 'handle': return `handle ${s.h}`;
    case 'field': return `field ${s.f} of handle ${s.h}`;
    case 'elem': return `element ${s.i} of handle ${s.h}`;
    case 'global': return `global ${s.g}`;
    case 'table': return `table ${s.t}[${s.i}]`;
    case 'frame': return `frame ${s.d} slot ${s.i}`;
  }
}
