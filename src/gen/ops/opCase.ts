import type { AbstractHeapType, ArrayType, StructType } from '../../runtime/gcTypes';

/**
 * An op-stream case: plain JSON data that drives one Store through a sequence of host-level
 * operations (allocation, barriers, roots, simulated Wasm frames, collections, forged refs).
 *
 * Ops never carry raw GcRefs (those differ between collectors); they name handles, frames,
 * globals and tables by small indices. After `fixupOpCase` every index is resolved and every
 * write is type-correct, so any case (or any sub-list of its ops, after fixup) is valid.
 */
export interface OpCase {
  readonly config: OpCaseConfig;
  /** Registered in order into the store's GcTypeRegistry: index i here is type index i. */
  readonly types: readonly CaseType[];
  /** Declared (always nullable) ref types of the simulated module's globals. */
  readonly globals: readonly RefHeap[];
  /** The simulated module's tables: element type and initial size (`tableGrow` grows them). */
  readonly tables: readonly CaseTable[];
  readonly ops: readonly Op[];
}

export interface OpCaseConfig {
  /** Set only when a case is pinned to one collector (e.g. in a reproducer). */
  readonly collector?: string;
  readonly heapBytes: number;
  readonly maxHeapBytes: number;
  readonly zeal: CaseZeal;
  /** Copying: objects per `collectIncrement` slice; small values make slice schedules matter. */
  readonly incrementBudget: number;
}

export interface CaseZeal {
  /** Collect every N allocations; 0 = off. */
  readonly gcEveryNAllocs: number;
  readonly poison: boolean;
  readonly checks: boolean;
}

export type CaseType = StructType | ArrayType;

export interface CaseTable {
  readonly elem: RefHeap;
  /** Initial size; every table's maximum is `OP_CASE_LIMITS.tableMaximum`. */
  readonly size: number;
}

/**
 * The (always nullable) heap type of a ref: abstract or a registered type index. The static
 * type `none` / `noextern` is "always null" and fits every nullable destination.
 */
export type RefHeap = AbstractHeapType | number;

/**
 * A location holding a value. `h` counts handles from the most recent (0 = newest live handle),
 * `d` counts simulated Wasm frames from the innermost (0 = top frame).
 */
export type Slot =
  | { readonly s: 'handle'; readonly h: number }
  | { readonly s: 'field'; readonly h: number; readonly f: number }
  | { readonly s: 'elem'; readonly h: number; readonly i: number }
  | { readonly s: 'global'; readonly g: number }
  | { readonly s: 'table'; readonly t: number; readonly i: number }
  | { readonly s: 'frame'; readonly d: number; readonly i: number };

/** A ref value to write: null, an i31 (31-bit payload, wraps), or whatever a slot holds now. */
export type RefValue =
  | { readonly v: 'null' }
  | { readonly v: 'i31'; readonly n: number }
  | { readonly v: 'slot'; readonly slot: Slot };

/**
 * A numeric field value. i8/i16/i32: a signed 32-bit integer (packed fields keep the low bits);
 * f32: the u32 bit pattern; f64: a finite number other than -0 (JSON keeps it exact);
 * i64: a decimal string of a signed 64-bit integer.
 */
export type NumValue = number | string;

/**
 * An operand of an allocation with initial values (`struct.new`, `array.new`, `array.new_fixed`):
 * a `RefValue` for a ref field or element, a `NumValue` for a numeric one (fixup picks by the
 * field's storage type).
 */
export type InitValue = RefValue | NumValue;

/** How a forged ref is made. */
export const FORGE_KINDS = ['oob', 'misaligned', 'freed', 'i31', 'foreign', 'interior'] as const;
export type ForgeKind = (typeof FORGE_KINDS)[number];
/** What the forged ref is used for: read-only uses first, then uses that would mutate the heap. */
export const FORGE_USES = ['headerKind', 'structGet', 'arrayGet', 'arrayLen', 'hostData', 'structSet', 'arraySet', 'clone', 'drop', 'expose', 'write', 'root'] as const;
export type ForgeUse = (typeof FORGE_USES)[number];
/** Uses that only read; a forged ref used this way can never change the heap. */
export const FORGE_READ_USES: ReadonlySet<ForgeUse> = new Set<ForgeUse>(['headerKind', 'structGet', 'arrayGet', 'arrayLen', 'hostData']);

export type Op =
  /** `allocExternref` with a fresh host object, rooted in a new handle. */
  | { readonly op: 'newExtern'; readonly owned: boolean }
  /** `allocStruct`, rooted in a new handle. */
  | { readonly op: 'newStruct'; readonly type: number; readonly owned: boolean }
  /** `allocArray`, rooted in a new handle. */
  | { readonly op: 'newArray'; readonly type: number; readonly len: number; readonly owned: boolean }
  /** `Store.clone` (read barrier) of handle `h` into a new handle. */
  | { readonly op: 'clone'; readonly h: number; readonly owned: boolean }
  /** `Store.drop` of handle `h` (owned, or scoped before its scope exits). */
  | { readonly op: 'drop'; readonly h: number }
  | { readonly op: 'enterScope' }
  /** Leave the innermost handle scope, releasing the scoped handles made inside it. */
  | { readonly op: 'exitScope' }
  /** Write a ref into a ref slot through the write barrier (frames: the read barrier to Wasm). */
  | { readonly op: 'writeRef'; readonly dst: Slot; readonly val: RefValue }
  /** Write a numeric field or element. */
  | { readonly op: 'writeNum'; readonly dst: Slot; readonly val: NumValue }
  /** Read a slot and check it; `keep` roots a ref result in a new handle (owned or scoped). */
  | { readonly op: 'read'; readonly src: Slot; readonly signed: boolean; readonly keep: 'no' | 'owned' | 'scoped' }
  /** Host-side `ref.cast null`: a new owned handle holding handle h's value if it matches `to`, else null. */
  | { readonly op: 'cast'; readonly h: number; readonly to: RefHeap }
  | { readonly op: 'arrayLen'; readonly h: number }
  /** Look up the host data of the externref in handle h. */
  | { readonly op: 'hostData'; readonly h: number }
  /**
   * Call into Wasm: `enterWasm(n)`, then each argument is exposed to Wasm (`exposeGcRefToWasm` of a
   * clone) into a new innermost frame followed by `locals` null slots.
   */
  | { readonly op: 'pushFrame'; readonly args: readonly RefValue[]; readonly locals: number }
  /** Return from the innermost Wasm frame, discarding its refs. */
  | { readonly op: 'popFrame' }
  /** Full collection (`Store.gc`). */
  | { readonly op: 'gc' }
  /** A collection run as up to `slices` increments, then finished with `collect()`. */
  | { readonly op: 'gcSliced'; readonly slices: number }
  /** A collection started, run for `slices` increments, then abandoned; mutation goes on. */
  | { readonly op: 'gcAbandon'; readonly slices: number }
  | { readonly op: 'enterNoGc' }
  | { readonly op: 'exitNoGc' }
  /** `Store.reset`: every handle, frame, global and table slot is gone. */
  | { readonly op: 'reset' }
  /** Make a bad ref of `kind` (from handle h's object where one is needed) and use it as `use`. */
  | { readonly op: 'forge'; readonly kind: ForgeKind; readonly use: ForgeUse; readonly h: number; readonly n: number }
  /**
   * `table.fill t` (spec 4.4.6): elements [i, i + n) of table t get `val`, each through the write
   * barrier, null included (Wasmtime #14325 bypassed it for null). Traps "out of bounds table
   * access", writing nothing, when i + n passes the current size. `val` is read first; if that
   * read faults, the fault is the outcome and nothing is written.
   */
  | { readonly op: 'tableFill'; readonly t: number; readonly i: number; readonly n: number; readonly val: RefValue }
  /**
   * `table.grow t` (spec 4.4.6): n new elements set to `val` through the write barrier; yields the
   * old size, or -1 (nothing written) past the table's maximum. `val` is null, an i31 or a handle's
   * value, so it never faults and fixup knows every table's size statically.
   */
  | { readonly op: 'tableGrow'; readonly t: number; readonly n: number; readonly val: RefValue }
  /**
   * `array.fill` (spec 4.4.7) on the array in handle h: elements [i, i + n) get `val` (a RefValue
   * for ref arrays, a NumValue for numeric ones) through `arraySet`. Traps "null reference" on a
   * null array, then "out of bounds array access" when i + n passes the length, writing nothing.
   */
  | { readonly op: 'arrayFill'; readonly h: number; readonly i: number; readonly n: number; readonly val: InitValue }
  /**
   * `array.copy` (spec 4.4.7): elements [s, s + n) of the array in handle `src` to [d, d + n) of
   * the one in handle `dst` (possibly the same array, ranges overlapping: memmove order), through
   * `arraySet`. Traps as `arrayFill` does, for either array.
   */
  | { readonly op: 'arrayCopy'; readonly dst: number; readonly d: number; readonly src: number; readonly s: number; readonly n: number }
  /**
   * `struct.new` (spec 4.4.7): allocate, then initialise field k with `vals[k]` in order (values
   * are read from their slots after the allocation), then root in a new handle. A read that faults
   * partway abandons the half-initialised object (`dropGcRef`) and roots null instead: what it
   * already references must be released with it (Wasmtime #12456).
   */
  | { readonly op: 'newStructInit'; readonly type: number; readonly vals: readonly InitValue[]; readonly owned: boolean }
  /** `array.new` (spec 4.4.7): `len` elements all set to `val`; a faulting read of `val` abandons the array. */
  | { readonly op: 'newArrayInit'; readonly type: number; readonly len: number; readonly val: InitValue; readonly owned: boolean }
  /** `array.new_fixed` (spec 4.4.7): one element per value, initialised in order as `newStructInit` does. */
  | { readonly op: 'newArrayFixed'; readonly type: number; readonly vals: readonly InitValue[]; readonly owned: boolean };

export type OpKind = Op['op'];

/** Every op kind, in a fixed order (byte decoding and coverage tests index into it). */
export const OP_KINDS: readonly OpKind[] = [
  'newExtern', 'newStruct', 'newArray', 'clone', 'drop', 'enterScope', 'exitScope', 'writeRef', 'writeNum',
  'read', 'cast', 'arrayLen', 'hostData', 'pushFrame', 'popFrame', 'gc', 'gcSliced', 'gcAbandon',
  'enterNoGc', 'exitNoGc', 'reset', 'forge', 'tableFill', 'tableGrow', 'arrayFill', 'arrayCopy', 'newStructInit',
  'newArrayInit', 'newArrayFixed',
];

/** Ops that start a collection (inside a no-GC scope they must raise InvariantError). */
export function isGcOp(op: Op): boolean {
  return op.op === 'gc' || op.op === 'gcSliced' || op.op === 'gcAbandon';
}
