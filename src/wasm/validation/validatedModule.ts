import type { Module } from '../syntax/module';
import type { GlobalType, MemType, SubType, TableType, ValType } from '../syntax/types';

/**
 * What validation (spec 3) hands to instantiation and the interpreter: the module, its type index
 * space resolved to canonical ids, and per-function side tables so the interpreter never re-derives
 * block structure or operand-stack types.
 */
export interface ValidatedModule {
  readonly module: Module;
  /** The flattened type index space (spec 2.5.1): rec groups concatenated. */
  readonly types: readonly SubType[];
  /**
   * Module type index -> canonical id. Canonical ids are indices in the store's GcTypeRegistry
   * (src/runtime/gcTypes.ts): equal ids iff the types are equivalent after rec-group
   * canonicalisation (spec 3.1.3 / 4.2.x "type equivalence"), so headers, casts and import checks
   * compare plain numbers.
   */
  readonly typeIds: readonly number[];
  /** Type index of each function in the function index space (imports first). */
  readonly funcTypeIndices: readonly number[];
  /** Types of the global / table / memory index spaces (imports first). */
  readonly globalTypes: readonly GlobalType[];
  readonly tableTypes: readonly TableType[];
  readonly memTypes: readonly MemType[];
  /** Tag index -> module type index of its function type (imports first). */
  readonly tagTypeIndices: readonly number[];
  /** Functions referenced outside function bodies (C.refs, spec 3.4.10): valid targets of ref.func. */
  readonly declaredFuncRefs: ReadonlySet<number>;
  /** One per defined (non-imported) function, in order. */
  readonly funcs: readonly FuncSideTable[];
}

/**
 * Side tables for one function body; arrays are indexed by instruction index in `Func.body`.
 * "GC ref" means a value of a reference type in the any or extern hierarchy (it lives in the GC
 * heap and must be reported as a root); function references are not GC refs.
 */
export interface FuncSideTable {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Params followed by declared locals: the frame's local slots. */
  readonly locals: readonly ValType[];
  /** At `block`/`loop`/`if`/`else`: index of the matching `end`; the function body's implicit end is `body.length`. Else -1. */
  readonly matchEnd: Int32Array;
  /** At `if`: index of its `else`, or -1 when it has none. Else -1. */
  readonly matchElse: Int32Array;
  /** Operand-stack height (values, not counting locals) before each instruction; -1 in unreachable code. */
  readonly heightBefore: Int32Array;
  /** Largest operand-stack height the body reaches. */
  readonly maxHeight: number;
  /** 1 where local slot i holds a GC ref. */
  readonly gcLocals: Uint8Array;
  /**
   * Stack maps: for every reachable safepoint instruction (opcode entry with `safepoint: true`),
   * a mask over operand-stack slots 0..heightBefore-1 (bottom first), 1 where the slot holds a GC
   * ref before the instruction runs (its own operands included).
   */
  readonly gcStackAt: ReadonlyMap<number, Uint8Array>;
}
