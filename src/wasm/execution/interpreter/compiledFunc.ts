import type { FuncInstance } from '../funcInstance';
import type { ModuleInstance } from '../moduleInstance';

/**
 * A Wasm function compiled for the interpreter (see `compileFunc`): internal code plus what the
 * interpreter and the stack-root provider need about its frame. Frame layout, relative to the
 * frame pointer fp: locals `[0, nlocals)` (params first), then the operand stack.
 */
export class CompiledFunc {
  constructor(
    readonly func: FuncInstance,
    readonly inst: ModuleInstance,
    /** Internal code: `Op`s with inline immediates. */
    readonly code: Int32Array,
    readonly nparams: number,
    readonly nlocals: number,
    readonly nresults: number,
    /** Slots a frame may use: locals plus the largest operand-stack height. */
    readonly frameSize: number,
    /** Declared (non-param) locals of type i64, zeroed in the bigint lane on entry. */
    readonly i64Locals: Int32Array,
    readonly i64Consts: readonly bigint[],
    readonly f64Consts: Float64Array,
    /**
     * Stack maps (spec: none; Wasmtime's per-safepoint stack maps): for each safepoint, keyed by
     * the code offset just after the instruction (the frame's saved pc while the safepoint runs),
     * the frame-relative slots holding GC refs. At calls the callee's arguments are excluded: they
     * belong to the callee's frame (as its params) or are rooted for a host call.
     */
    readonly rootMaps: ReadonlyMap<number, Int32Array>,
    /** Frame-relative slots of GC-ref locals: the root map at entry (saved pc 0). */
    readonly entryRoots: Int32Array,
    /**
     * Exception handling: the try_table regions, innermost first, as triples `[start, end,
     * records]`: an instruction whose saved pc p (the offset after it) has `start < p <= end` is
     * inside the region; `records` is the code offset of its catch clauses
     * `[count, (kind, tag, target, dstRel, n) x count]` (kind 0..3: catch, catch_ref, catch_all, catch_all_ref).
     */
    readonly tryRegions: Int32Array = new Int32Array(0),
  ) {}
}
