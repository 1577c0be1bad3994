import { GcfuzzError } from '../src/errors/GcfuzzError';
import { InvariantError } from '../src/errors/InvariantError';
import { SandboxError, type SandboxViolation } from '../src/errors/SandboxError';
import { OracleFailure } from './OracleFailure';
import type { GcHeap, HeapStats } from '../src/runtime/gcHeap';
import { DrcHeap } from '../src/runtime/collectors/drcHeap';
import { CopyingHeap } from '../src/runtime/collectors/copyingHeap';
import { describeError } from './classifyRuntimeError';

/** How a forged ref was made (mirrors the op generator's forge kinds). */
export type ForgedRefKind = 'oob' | 'misaligned' | 'freed' | 'i31' | 'foreign' | 'interior'
  | 'hostStale' | 'hostZero' | 'hostPastEnd' | 'hostForeign' | 'badSize' | 'funcType' | 'pastBump'
  | 'externLink' | 'copiedBit'
  /** A live object with an index past its end or not a u32 (src/cases/ops/forgeIndex.ts). */
  | 'badIndex'
  /** A once-valid ref whose first word is now a freed block's, poison or no kind (src/cases/ops/headerViolation.ts). */
  | 'deadHeader';

/** Heap entry points a forged ref can be given to, and whether they only read. */
export type ForgedRefUse =
  | 'headerKind' | 'structGet' | 'arrayGet' | 'arrayLen' | 'hostData'
  | 'structSet' | 'arraySet' | 'clone' | 'drop' | 'expose' | 'write' | 'root'
  | 'exnGet' | 'exnSet' | 'getRange' | 'headerType';

const READ_USES: ReadonlySet<ForgedRefUse> = new Set<ForgedRefUse>(['headerKind', 'structGet', 'arrayGet', 'arrayLen', 'hostData', 'exnGet', 'getRange', 'headerType']);
/** Uses that must validate the ref before touching the object, whatever the collector. */
const VALIDATING_USES: ReadonlySet<ForgedRefUse> = new Set<ForgedRefUse>([...READ_USES, 'structSet', 'arraySet', 'exnSet']);
/**
 * Refs that can never name an object of this heap, or bytes that can never be a valid one: a header
 * whose size bits disagree with its type, that names a function type, or whose object would end past
 * the bump pointer; an externref whose host-data id is 0, past any table, or just released.
 */
/** Forged header bytes of a real object (src/cases/ops/forgeInput.ts). */
const FORGED_BYTES: ReadonlySet<ForgedRefKind> = new Set<ForgedRefKind>(['badSize', 'funcType', 'pastBump']);
const NEVER_VALID: ReadonlySet<ForgedRefKind> = new Set<ForgedRefKind>(['oob', 'misaligned', 'i31', 'badSize', 'funcType', 'pastBump', 'hostStale', 'hostZero', 'hostPastEnd', 'badIndex', 'deadHeader']);
/** Barrier uses: on a counting collector each reads the object's header (its count) before anything else. */
const BARRIER_USES: ReadonlySet<ForgedRefUse> = new Set<ForgedRefUse>(['clone', 'drop', 'expose']);

/**
 * Whether `heap`'s barriers validate the ref they are given, as its field accessors do: DRC's
 * clone, drop and expose read and write the object's count, so each runs checkObject first
 * (drcHeap.ts incRef / decOne / exposeGcRefToWasm) and a ref that can never name an object is a
 * SandboxError there too. Keyed on the class (a variant built on DrcHeap inherits it).
 */
export function barriersValidate(heap: GcHeap): boolean {
  return heap instanceof DrcHeap;
}

/** A copying object's header (16 bytes) and the u32 after it: checkObject's in-bounds test (copyingHeap.ts). */
const COPYING_MIN_EXTENT = 20;
const COPYING_ALIGN = 16;

/**
 * The violations a validating use of `ref` may raise on a semi-space heap when `ref` is an aligned,
 * in-bounds address outside the active space's objects `[activeStart, bumpPointer)` (the other
 * semi-space, where a moved object's old copy or poison lies, or past the bump pointer): checkObject
 * reads its header first ('bad header' for kind bits, a type index or a size no object has, 'freed'
 * for poison), then the copying heap's extent check calls any header there 'freed' (copyingHeap.ts
 * `checkExtent`); never stale data, 'out of bounds' or anything else. Null when the rule does not
 * apply (not a CopyingHeap, or a ref another check decides: null, i31, misaligned, out of bounds,
 * or inside the active space). Keyed on the class and read from its counters before the use.
 */
export function semiSpaceViolations(heap: GcHeap, ref: number): readonly SandboxViolation[] | null {
  if (!(heap instanceof CopyingHeap)) return null;
  if (ref === 0 || (ref >>> 0) !== ref || ref % COPYING_ALIGN !== 0 || ref + COPYING_MIN_EXTENT > heap.vmctxGcHeapBound()) return null;
  const c = heap.stats().counters;
  const start = c['activeStart'];
  const bump = c['bumpPointer'];
  if (start === undefined || bump === undefined || (ref >= start && ref < bump)) return null;
  return OUTSIDE_ACTIVE_SPACE;
}
const OUTSIDE_ACTIVE_SPACE: readonly SandboxViolation[] = ['freed', 'bad header'];

/**
 * Sandbox oracle, per forge op. A forged ref given to the heap must either raise a typed error or
 * act on stale bytes of this same heap:
 *  - a ref that can never name an object here (out of bounds, misaligned, i31) given to an entry
 *    point that validates refs (header, field and host-data access) must raise SandboxError;
 *  - otherwise a SandboxError or InvariantError is fine, and so is success;
 *  - any other error (RangeError, TypeError...) escaped the heap's checks;
 *  - a successful read must return a well-formed value (an integer u32/i32, a finite or NaN
 *    number, a bigint; host data of this store, never another store's host object).
 * Barrier uses (clone, drop, expose) of never-valid heap refs may succeed on collectors whose
 * barriers do not read the object (null, copying); where they do (`barriersValidate`: DRC) they
 * must raise SandboxError too.
 * Returns whether the heap may have been mutated (the run is then tainted for value oracles): any
 * mutating use of a ref that might name a real object (a barrier can free objects before it trips
 * over a bad child), but not a rejected never-valid ref, so the oracles that keep running prove the
 * rejected call left the heap untouched. Forged bytes (badSize, funcType, pastBump) are the
 * exception: the ref names a real object and only its header lies, so a mutating use that does not
 * validate its ref (a slot write, a root, a clone, a drop, an expose) may complete
 * and the error come from work after it in the same call (an incremental zeal slice that marks the
 * stored ref and reads the forged header): such a use may have mutated even when it threw.
 */
export function checkForgeOutcome(args: {
  readonly opIndex: number;
  readonly kind: ForgedRefKind;
  readonly use: ForgedRefUse;
  readonly threw: boolean;
  readonly error: unknown;
  readonly result: unknown;
  readonly ref: number;
  readonly isForeignHost: (v: unknown) => boolean;
  /** When given (the model's view), host data read through a forged ref must belong to a live externref of this store. */
  readonly isLiveHost?: (v: unknown) => boolean;
  /** When given, a SandboxError must name one of these violations (a forged host-data id: 'bad host data id'). */
  readonly violations?: readonly SandboxViolation[];
  /** The heap's barriers validate their ref (`barriersValidate`): clone, drop and expose then count as validating uses of a heap ref (an i31 is no object to them). */
  readonly barriersValidate?: boolean;
}): { readonly mayHaveMutated: boolean } {
  const { opIndex, kind, use, threw, error, result, ref } = args;
  const what = `${use} of a forged ${kind} ref 0x${(ref >>> 0).toString(16)}`;
  const validating = VALIDATING_USES.has(use) || (args.barriersValidate === true && BARRIER_USES.has(use) && (ref & 1) === 0);
  if (threw) {
    if (!(error instanceof GcfuzzError)) throw new OracleFailure('sandbox', opIndex, `${what}: a typed error or stale data`, describeError(error));
    if (NEVER_VALID.has(kind) && validating && !(error instanceof SandboxError)) {
      throw new OracleFailure('sandbox', opIndex, `${what}: SandboxError`, describeError(error));
    }
    if (args.violations !== undefined && error instanceof SandboxError && !args.violations.includes(error.violation)) {
      throw new OracleFailure('sandbox', opIndex, `${what}: SandboxError ${args.violations.map((v) => `'${v}'`).join(' or ')}`, describeError(error));
    }
    if (!(error instanceof SandboxError) && !(error instanceof InvariantError)) {
      throw new OracleFailure('sandbox', opIndex, `${what}: SandboxError or InvariantError`, describeError(error));
    }
    return { mayHaveMutated: !READ_USES.has(use) && !(NEVER_VALID.has(kind) && (!FORGED_BYTES.has(kind) || VALIDATING_USES.has(use)) && error instanceof SandboxError) };
  }
  if (NEVER_VALID.has(kind) && validating) {
    throw new OracleFailure('sandbox', opIndex, `${what}: SandboxError`, `success (${showResult(result)})`);
  }
  if (use === 'hostData') {
    if (args.isForeignHost(result)) throw new OracleFailure('sandbox', opIndex, `${what}: host data of this store`, 'another store\'s host object');
    if (args.isLiveHost !== undefined && !args.isLiveHost(result)) throw new OracleFailure('sandbox', opIndex, `${what}: host data of a live externref of this store`, showResult(result));
  } else if (READ_USES.has(use) && !wellFormed(result)) {
    throw new OracleFailure('sandbox', opIndex, `${what}: a well-formed value`, showResult(result));
  }
  return { mayHaveMutated: !READ_USES.has(use) };
}

/**
 * Sandbox oracle, per forged collection (src/cases/ops/forgedCollection.ts): a full collection over
 * forged collector bytes of a copying heap (a corrupt externref list link, a COPIED bit with a
 * forwarding ref that is no to-space object: 'bad header'; a traced field naming a misaligned ref:
 * 'misaligned', or a header past the bump pointer: 'freed') must raise SandboxError with the
 * violation named (the copying heap's `forward` and final-slice list walk validate them before
 * anything changes; with zeal checks, the verification at the first slice, before any copy, must
 * raise InvariantError instead: its externref-list walk, object walk and ref-field checks each
 * refuse every one of these) and roll back: the
 * active space, bump pointer, object count and completed collections are those of `before`, and
 * once the forged words are put back the heap's integrity walk passes (no COPIED bit left). A
 * collection that completed followed a bogus forwarding ref or list member (rewriting a root to
 * it, or releasing host data it read from no externref).
 */
export function checkForgedCollection(args: {
  readonly opIndex: number;
  readonly kind: ForgedRefKind;
  /** Which forged bytes of the kind (src/cases/ops/forgedCollection.ts), for the message. */
  readonly variant: number;
  /** The SandboxError violation the forged bytes must raise. */
  readonly violation: SandboxViolation;
  readonly threw: boolean;
  readonly error: unknown;
  readonly zealChecks: boolean;
  readonly before: HeapStats;
  readonly after: HeapStats;
  /** What the heap's integrity walk (`verifyIntegrity`) threw after the forged words were put back, or undefined. */
  readonly integrity?: unknown;
}): void {
  const { opIndex, kind, threw, error, before, after } = args;
  const what = `a collection over a forged ${kind} (variant ${args.variant})`;
  const expected = args.zealChecks ? 'InvariantError (the zeal verification at its first slice)' : `SandboxError '${args.violation}'`;
  if (!threw) throw new OracleFailure('sandbox', opIndex, `${what}: ${expected}`, 'the collection completed');
  const ok = args.zealChecks ? error instanceof InvariantError : error instanceof SandboxError && error.violation === args.violation;
  if (!ok) throw new OracleFailure('sandbox', opIndex, `${what}: ${expected}`, describeError(error));
  const b = before.counters;
  const a = after.counters;
  if (a['activeStart'] !== b['activeStart'] || a['bumpPointer'] !== b['bumpPointer'] || after.objectCount !== before.objectCount || after.collections !== before.collections) {
    throw new OracleFailure('sandbox', opIndex, `${what}: the heap rolled back (active start ${b['activeStart']}, bump ${b['bumpPointer']}, ${before.objectCount} objects, ${before.collections} collections)`,
      `active start ${a['activeStart']}, bump ${a['bumpPointer']}, ${after.objectCount} objects, ${after.collections} collections`);
  }
  if (args.integrity !== undefined) throw new OracleFailure('sandbox', opIndex, `${what}: the heap rolled back word for word (its integrity walk passes once the forged words are put back)`, describeError(args.integrity));
}

/** Sandbox oracle: another store (same collector) is byte-for-byte observably unchanged. */
export function checkOtherStoreUnchanged(before: string, after: string, opIndex: number): void {
  if (before !== after) {
    throw new OracleFailure('sandbox', opIndex, 'another store unchanged', 'its observable state changed', firstDifference(before, after));
  }
}

/** Sandbox oracle, any op: an error that is not a typed GcfuzzError escaped the runtime. */
export function checkTypedError(error: unknown, opIndex: number, op: string): void {
  if (!(error instanceof GcfuzzError)) throw new OracleFailure('sandbox', opIndex, `${op}: success or a typed error`, describeError(error));
}

function wellFormed(v: unknown): boolean {
  if (typeof v === 'bigint') return true;
  return typeof v === 'number' && (Number.isNaN(v) || Number.isFinite(v));
}

function showResult(v: unknown): string {
  return `${typeof v} ${String(v)}`;
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i}: ${la[i] ?? '<none>'} -> ${lb[i] ?? '<none>'}`;
  }
  return '';
}
