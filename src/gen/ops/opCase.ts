import type { AbstractHeapType, ArrayType, StructType } from '../../runtime/gcTypes';
import type { Op } from '../../cases/ops/opDeclarations';

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
  /**
   * DRC: the stack-roots list length from which `pushFrame`'s entering-Wasm check collects
   * (`GcHeapConfig.stackRootsTriggerFloor`); absent = the runtime's 1024, which no case reaches.
   */
  readonly stackRootsTriggerFloor?: number;
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
export const FORGE_KINDS = ['oob', 'misaligned', 'freed', 'i31', 'foreign', 'interior',
  // Forged bytes (src/cases/ops/forgeInput.ts): an externref with a bad host-data id, a header with bad size bits,
  // naming a function type, or lying past the bump pointer.
  'hostStale', 'hostZero', 'hostPastEnd', 'hostForeign', 'badSize', 'funcType', 'pastBump',
  // Forged collector bytes met by a collection (src/cases/ops/forgedCollection.ts): a copying heap's
  // externref list link, or a COPIED bit with a bogus forwarding ref.
  'externLink', 'copiedBit'] as const;
export type ForgeKind = (typeof FORGE_KINDS)[number];
/** What the forged ref is used for: read-only uses first, then uses that would mutate the heap. */
export const FORGE_USES = ['headerKind', 'structGet', 'arrayGet', 'arrayLen', 'hostData', 'structSet', 'arraySet', 'clone', 'drop', 'expose', 'write', 'root'] as const;
export type ForgeUse = (typeof FORGE_USES)[number];
/** Uses that only read; a forged ref used this way can never change the heap. */
export const FORGE_READ_USES: ReadonlySet<ForgeUse> = new Set<ForgeUse>(['headerKind', 'structGet', 'arrayGet', 'arrayLen', 'hostData']);

/** The union of the declared ops (src/cases/ops: one file per op, listed in opDeclarations.ts). */
export type { Op, OpKind } from '../../cases/ops/opDeclarations';
