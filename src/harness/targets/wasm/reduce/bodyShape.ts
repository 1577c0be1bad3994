import type { Instr } from '../../../../wasm/syntax/instructions';
import type { FuncSideTable } from '../../../../wasm/validation/validatedModule';

/** Instructions that open a block closed by `end`. */
const OPENERS = new Set(['block', 'loop', 'if', 'try_table']);

/** Instructions that never fall through: the code after them, to their block's `else`/`end`, is dead. */
const NO_FALL_THROUGH = new Set(['unreachable', 'br', 'br_table', 'return', 'throw', 'throw_ref', 'return_call', 'return_call_indirect', 'return_call_ref']);

/** A half-open range [start, end) of a flat instruction sequence. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * The shape of a validated function body, from the validator's side tables: each instruction's
 * nesting level (how many blocks enclose it; `else`/`end` count as inside their block) and the
 * operand-stack height before it (-1 in unreachable code). Height at `body.length` is the
 * function's result count.
 */
export class BodyShape {
  readonly level: Int32Array;
  private readonly h: Int32Array;

  constructor(readonly body: readonly Instr[], side: FuncSideTable) {
    const n = body.length;
    this.level = new Int32Array(n + 1);
    this.h = new Int32Array(n + 1);
    let level = 0;
    for (let pc = 0; pc < n; pc++) {
      const op = body[pc]!.op;
      if (op === 'end') level--;
      this.level[pc] = op === 'end' || op === 'else' ? level + 1 : level;
      if (OPENERS.has(op)) level++;
      this.h[pc] = side.heightBefore[pc]!;
    }
    this.level[n] = 0;
    this.h[n] = side.results.length;
  }

  height(pc: number): number {
    return this.h[pc]!;
  }

  /** Whether pc is a block boundary marker (`else`, `end`) rather than an instruction that starts a statement or expression. */
  private isMarker(pc: number): boolean {
    const op = this.body[pc]!.op;
    return op === 'else' || op === 'end';
  }

  /**
   * The shortest balanced range ending at `end` (exclusive) whose net stack effect is `net`
   * values (0: a statement, 1: an expression producing the value on top), or null. Balanced:
   * it starts and ends at the same nesting level, never leaves it, and contains no `else`/`end`
   * of that level.
   */
  rangeEndingAt(end: number, net: 0 | 1): Range | null {
    const hEnd = this.h[end]!;
    if (hEnd < 0) return null;
    const L = this.level[end]!;
    const want = hEnd - net;
    for (let i = end - 1; i >= 0; i--) {
      const li = this.level[i]!;
      if (li < L) return null;
      if (li > L) continue;
      if (this.isMarker(i)) return null;
      const hi = this.h[i]!;
      if (hi < 0) return null;
      if (hi === want) return { start: i, end };
      if (hi < want) return null;
    }
    return null;
  }

  /** Every shortest statement (net 0) and expression (net 1) range of the body. */
  ranges(net: 0 | 1): Range[] {
    const out: Range[] = [];
    for (let end = 1; end <= this.body.length; end++) {
      const r = this.rangeEndingAt(end, net);
      if (r !== null) out.push(r);
    }
    return out;
  }

  /**
   * Dead code: after an instruction that never falls through (`unreachable`, `br`, `br_table`,
   * `return`, `throw`, `throw_ref`, `return_call*`), the rest of its block up to the block's
   * `else`/`end` (or the body's end). Deleting it is always valid: the stack is polymorphic there.
   */
  deadRanges(): Range[] {
    const out: Range[] = [];
    for (let pc = 0; pc < this.body.length; pc++) {
      if (!NO_FALL_THROUGH.has(this.body[pc]!.op)) continue;
      const L = this.level[pc]!;
      let end = pc + 1;
      while (end < this.body.length && !(this.level[end] === L && this.isMarker(end))) end++;
      if (end > pc + 1) out.push({ start: pc + 1, end });
    }
    return out;
  }

  /**
   * Each single instruction of dead code (a structured one with everything to its `end`), at the
   * dead range's own level. Stack heights are unknown there (-1), so statements cannot be found by
   * stack effect; deleting one instruction often still validates (the stack is polymorphic up to
   * the next block boundary), and the reducer validates every candidate.
   */
  deadInstructions(): Range[] {
    const out: Range[] = [];
    for (const r of this.deadRanges()) {
      const L = this.level[r.start]!;
      for (let pc = r.start; pc < r.end; pc++) {
        if (this.level[pc] !== L) continue;
        let end = pc + 1;
        if (OPENERS.has(this.body[pc]!.op)) {
          while (!(this.level[end] === L + 1 && this.body[end]!.op === 'end')) end++;
          end++;
        }
        out.push({ start: pc, end });
      }
    }
    return out;
  }

  /**
   * Runs of consecutive statements at one nesting level: positions where the stack is back at
   * the height it had at the run's start. Each returned list of cut points delimits statements
   * `[cuts[k], cuts[k+1])`.
   */
  statementRuns(): number[][] {
    const runs: number[][] = [];
    const open = new Map<number, number[]>();
    for (let pc = 0; pc <= this.body.length; pc++) {
      const L = this.level[pc]!;
      // Leaving a level closes its run.
      for (const [lv, cuts] of open) if (lv > L || (lv === L && pc < this.body.length && this.isMarker(pc))) {
        if (lv === L) cuts.push(pc);
        if (cuts.length > 2) runs.push(cuts);
        open.delete(lv);
      }
      if (pc === this.body.length) {
        const top = open.get(0);
        if (top !== undefined) {
          top.push(pc);
          if (top.length > 2) runs.push(top);
        }
        break;
      }
      if (this.isMarker(pc)) continue;
      const hp = this.h[pc]!;
      if (hp < 0) continue;
      const cuts = open.get(L);
      if (cuts === undefined) open.set(L, [pc]);
      else if (hp === this.h[cuts[0]!]!) cuts.push(pc);
    }
    return runs.map((cuts) => dedupe(cuts));
  }
}

function dedupe(xs: number[]): number[] {
  return xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
}
