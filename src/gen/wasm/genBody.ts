import { boundaryLength } from './boundaryLength';
import type { Func } from '../../wasm/syntax/module';
import type { ImmValue, Instr } from '../../wasm/syntax/instructions';
import type { BlockType, FuncType, HeapType, RefType, StorageType, ValType } from '../../wasm/syntax/types';
import type { Choices } from './choices';
import { emit } from './emit';
import { genConstValue, inhabited } from './genConstValue';
import type { FuncInfo, GenContext } from './genContext';
import { genNumExpr } from './genNumExpr';
import { genRefExpr } from './genRefExpr';
import { genStmt } from './genStmt';
import type { Option } from './option';
import { ref, unpacked, type TypeSpace } from './typeSpace';

/**
 * Generates one function body, type-directed: `expr(t)` emits instructions that leave exactly one
 * value of a subtype of `t`, `genStmt` emits instructions with no net stack effect, and each only
 * chooses instructions whose operand types it can produce, so the body validates by construction.
 *
 * Termination: loops count down a reserved local and the module's budget global; every function
 * starts by checking and decrementing the budget; calls go only to inner functions of a higher
 * index, to leaves and to hosts (function references name only leaves). Float results that may be
 * NaN are canonicalised where they are produced (genNumExpr), and the raw result lives only in a
 * hidden scratch local no generated read names, so no local, global, field, element, argument or
 * result ever holds a nondeterministic NaN bit (tests/gen/wasm/nanPayloads.test.ts).
 *
 * `generate` is the entry point. The other public members are the generator's state and shared
 * helpers for the modules that emit particular constructs (genNumExpr, genRefExpr, genAlloc,
 * genStmt and those they use); nothing outside the body generator should touch them. Every
 * random choice goes through `c` in emission order, so a decision stream always yields the same body.
 */
export class BodyGen {
  readonly c: Choices;
  readonly ts: TypeSpace;
  readonly out: Instr[] = [];
  readonly locals: ValType[];
  private readonly nParams: number;
  /** Locals the generic `local.set` must not write: loop counters and scratch. */
  readonly reserved = new Set<number>();
  /** Countdown locals of the loops, by loop nesting depth (reserved, reused by sibling loops). */
  readonly counters: number[] = [];
  private readonly scratch = new Map<string, number>();
  /**
   * Locals no read is ever generated for (`localsMatching` skips them): the scratch that holds a
   * raw float result while `genNumExpr` canonicalises it. Its NaN payload is nondeterministic
   * (spec 4.3.3), so a later `local.get` could carry it to a reinterpret and into a recorded value.
   */
  private readonly hidden = new Set<number>();
  /** Branch types of the enclosing labels, outermost (the function) first. */
  readonly labels: ValType[][] = [];
  /** Loops enclosing the statement being generated. */
  loopDepth = 0;
  /**
   * Whether this function calls itself: only inner functions whose first parameter is an i32
   * depth, which the body never writes; a self call passes `(depth - 1) & 7` and only when the
   * depth is non-zero, so recursion is at most 9 frames deep per function.
   */
  recursive = false;

  constructor(readonly ctx: GenContext, readonly self: FuncInfo) {
    this.c = ctx.c;
    this.ts = ctx.ts;
    this.locals = [...self.type.params];
    this.nParams = self.type.params.length;
  }

  generate(): Func {
    const { c, ctx } = this;
    const results = this.self.type.results;
    const nDecl = c.int(6);
    for (let i = 0; i < nDecl; i++) this.locals.push(this.localType());
    this.recursive = this.self.role === 'inner' && this.self.type.params[0] === 'i32' && c.chance(0.5);
    if (this.recursive) this.reserved.add(0);
    this.labels.push([...results]);
    this.prologue();
    for (let i = this.nParams; i < this.locals.length; i++) {
      const t = this.locals[i]!;
      if (typeof t !== 'string' && !this.reserved.has(i) && c.chance(0.85)) {
        genRefExpr(this, t, 1, true);
        this.op('local.set', i);
      }
    }
    this.stmts(ctx.limits.stmtDepth);
    for (const r of results) this.expr(r, ctx.limits.exprDepth);
    return { typeIndex: this.self.typeIndex, locals: this.locals.slice(this.nParams), body: this.out };
  }

  // --- plumbing ------------------------------------------------------------------------------

  op(name: string, ...imm: ImmValue[]): void {
    emit(this.out, name, ...imm);
  }

  get full(): boolean {
    return this.out.length >= this.ctx.limits.maxInstrs;
  }

  choose(options: readonly Option[]): void {
    const live = options.filter((o) => o[0] > 0);
    live[this.c.weighted(live.map((o) => o[0]))]![1]();
  }

  addLocal(t: ValType): number {
    this.locals.push(t);
    return this.locals.length - 1;
  }

  /** A reserved local of type `t` for short-lived use inside one generated construct. */
  scratchLocal(t: ValType): number {
    const key = JSON.stringify(t);
    let i = this.scratch.get(key);
    if (i === undefined) {
      i = this.addLocal(t);
      this.reserved.add(i);
      this.scratch.set(key, i);
    }
    return i;
  }

  /** A reserved local of type `t` that no generated read may name (see `hidden`). */
  hiddenScratchLocal(t: 'f32' | 'f64'): number {
    const key = `hidden ${t}`;
    let i = this.scratch.get(key);
    if (i === undefined) {
      i = this.addLocal(t);
      this.reserved.add(i);
      this.hidden.add(i);
      this.scratch.set(key, i);
    }
    return i;
  }

  localType(): ValType {
    const { c, ts } = this;
    switch (c.weighted([3, 1, 1, 1, 6])) {
      case 0: return 'i32';
      case 1: return 'i64';
      case 2: return 'f32';
      case 3: return 'f64';
      default: {
        const gc = [...ts.indicesOf('struct'), ...ts.indicesOf('array')];
        if (gc.length > 0 && c.chance(0.7)) return ref(true, c.pick(gc));
        return ref(true, c.pick<HeapType>(['any', 'eq', 'struct', 'array', 'i31', 'extern', 'func']));
      }
    }
  }

  withLabel(types: ValType[], body: () => void): void {
    this.labels.push(types);
    body();
    this.labels.pop();
  }

  blockType(t: ValType | undefined): BlockType {
    return t === undefined ? { kind: 'empty' } : { kind: 'value', type: t };
  }

  /** Functions this one may call directly. */
  callees(): FuncInfo[] {
    const self = this.self;
    return this.ctx.funcs.filter((f) => f.role === 'host' || (self.role === 'inner' && (f.role === 'leaf' || (f.role === 'inner' && f.index > self.index))));
  }

  callArgs(t: FuncType, d: number): void {
    for (const p of t.params) this.expr(p, d - 1);
  }

  cheap(t: ValType): void {
    genConstValue(this.ctx, t, 0, this.out);
  }

  private budgetCheck(onEmpty: () => void): void {
    const g = this.ctx.budgetGlobal;
    this.op('global.get', g);
    this.op('i32.eqz');
    this.op('if', { kind: 'empty' });
    this.withLabel([], onEmpty);
    this.op('end');
    this.op('global.get', g);
    this.op('i32.const', 1);
    this.op('i32.sub');
    this.op('global.set', g);
  }

  private prologue(): void {
    this.budgetCheck(() => {
      for (const r of this.self.type.results) this.cheap(r);
      this.op('return');
    });
  }

  // --- expressions ---------------------------------------------------------------------------

  /** Emits instructions leaving one value whose type is a subtype of `t` (which must be inhabited). */
  expr(t: ValType, d: number): void {
    if (typeof t === 'string') genNumExpr(this, t, d);
    else genRefExpr(this, t, d, false);
  }

  /** A value to store (in a field, element, local, global or table): references are mostly non-null, so objects form graphs. */
  value(t: ValType, d: number): void {
    if (typeof t === 'string') genNumExpr(this, t, d);
    else genRefExpr(this, t, d, this.c.chance(0.75));
  }

  /**
   * A reference an instruction dereferences (struct.get, array.set...): nullable type, but mostly
   * an object from a local or a fresh one rather than null, so fewer runs end in a null trap.
   */
  operand(t: RefType, d: number): void {
    const nonNull = ref(false, t.heap);
    if (inhabited(this.ctx, nonNull) && this.c.chance(0.95)) {
      // block (result (ref h)) <t> br_on_non_null 0 <fresh (ref h)> end
      this.op('block', this.blockType(nonNull));
      this.withLabel([nonNull], () => {
        genRefExpr(this, t, d, true);
        this.op('br_on_non_null', 0);
        genConstValue(this.ctx, nonNull, 1, this.out);
      });
      this.op('end');
      return;
    }
    genRefExpr(this, t, d, this.c.chance(0.9));
  }

  /** A value for a field or element of storage type `st`: references mostly from locals, so objects form graphs and cycles. */
  storedValue(st: StorageType, d: number): void {
    const t = unpacked(st);
    const ls = this.localsMatching(t);
    if (typeof t !== 'string' && ls.length > 0 && this.c.chance(0.6)) this.op('local.get', this.c.pick(ls));
    else this.value(t, d - 1);
  }

  localsMatching(t: ValType): number[] {
    const out: number[] = [];
    this.locals.forEach((lt, i) => {
      if (!this.hidden.has(i) && this.ts.valSub(lt, t)) out.push(i);
    });
    return out;
  }

  private globalsMatching(t: ValType): number[] {
    const out: number[] = [];
    this.ctx.globals.forEach((g, i) => {
      if (i !== this.ctx.budgetGlobal && this.ts.valSub(g.type, t)) out.push(i);
    });
    return out;
  }

  /** (struct type, field) pairs whose field reads as a subtype of `t`. */
  fieldsReading(t: ValType): [number, number][] {
    const out: [number, number][] = [];
    for (const s of this.ts.indicesOf('struct')) {
      this.ts.struct(s).fields.forEach((f, i) => {
        if (this.ts.valSub(unpacked(f.storage), t)) out.push([s, i]);
      });
    }
    return out;
  }

  arraysReading(t: ValType): number[] {
    return this.ts.indicesOf('array').filter((a) => this.ts.valSub(unpacked(this.ts.array(a).element.storage), t));
  }

  funcsReturning(fs: readonly FuncInfo[], t: ValType): FuncInfo[] {
    return fs.filter((f) => f.type.results.length === 1 && this.ts.valSub(f.type.results[0]!, t) && f.type.params.every((p) => inhabited(this.ctx, p)));
  }

  /** Leaf function types callable through call_ref / call_indirect that return a subtype of `t`. */
  leafTypesReturning(t: ValType | undefined): number[] {
    if (this.self.role !== 'inner') return [];
    const seen = new Set<number>();
    for (const f of this.ctx.leaves) {
      const info = this.ctx.funcs[f]!;
      const rs = info.type.results;
      if (t === undefined ? true : rs.length === 1 && this.ts.valSub(rs[0]!, t)) seen.add(info.typeIndex);
    }
    return [...seen];
  }

  getterOptions(t: ValType, localW: number): Option[] {
    const ls = this.localsMatching(t);
    const gs = this.globalsMatching(t);
    return [
      [ls.length > 0 ? localW : 0, () => this.op('local.get', this.c.pick(ls))],
      [gs.length > 0 ? 2 : 0, () => this.op('global.get', this.c.pick(gs))],
    ];
  }

  // --- operands -----------------------------------------------------------------------------

  /** An i32 index: mostly 0 or 1 (in bounds of most arrays and tables), sometimes masked from an arbitrary expression. */
  index(d: number): void {
    const { c } = this;
    if (d <= 0 || c.chance(0.85)) {
      this.op('i32.const', c.chance(0.75) ? 0 : c.chance(0.8) ? 1 : c.int(8));
    } else {
      this.expr('i32', d - 1);
      this.op('i32.const', 1);
      this.op('i32.and');
    }
  }

  /**
   * Offset and count operands for reading a segment of `length` entries: 90% within bounds and
   * non-empty, so the copy happens (and its barriers run); otherwise small values that may trap.
   */
  segmentRange(length: number): void {
    const { c } = this;
    if (c.chance(0.9)) {
      // At least one entry when there is one: empty arrays only make later accesses trap.
      const offset = length === 0 ? 0 : c.int(length);
      this.op('i32.const', offset);
      this.op('i32.const', length === 0 ? 0 : 1 + c.int(length - offset));
    } else {
      this.op('i32.const', c.int(3));
      this.op('i32.const', 1 + c.int(3));
    }
  }

  /** One of the element segments `segs`, mostly a non-empty (passive) one when there is one. */
  pickSegment(segs: readonly number[]): number {
    const { c, ctx } = this;
    const live = segs.filter((i) => (ctx.elemLengths[i] ?? 0) > 0);
    return live.length > 0 && c.chance(0.9) ? c.pick(live) : c.pick(segs);
  }

  /** Entries of `bytes` bytes of data segment `seg` (its whole length when it is not dropped). */
  dataEntries(seg: number, bytes: number): number {
    return Math.floor((this.ctx.dataLengths[seg] ?? 0) / bytes);
  }

  /**
   * An array operand and an index into it. Half the time the index is masked with `len - 1`,
   * which keeps it in bounds of any non-empty array (x & (len - 1) <= len - 1), so the access
   * happens instead of trapping; otherwise a plain small index (index()).
   */
  arrayAndIndex(a: number, d: number): void {
    const aref = ref(true, a);
    if (this.c.chance(0.5)) {
      this.operand(aref, d - 1);
      this.index(d);
      return;
    }
    const t = this.scratchLocal(aref);
    this.operand(aref, d - 1);
    this.op('local.tee', t);
    this.index(d);
    this.op('local.get', t);
    this.op('array.len');
    this.op('i32.const', 1);
    this.op('i32.sub');
    this.op('i32.and');
  }

  /** An array length: mostly 2..9, sometimes 0 or masked from an arbitrary expression. */
  /** An array length operand; with `elemBytes`, now and then one at a size boundary (`boundaryLength`). */
  length(d: number, elemBytes = 0): void {
    const { c } = this;
    if (d <= 0 || c.chance(0.8)) {
      this.op('i32.const', c.chance(0.96) ? 2 + c.int(8) : elemBytes > 0 && c.chance(0.25) ? boundaryLength(c, elemBytes) | 0 : 0);
    } else {
      this.expr('i32', d - 1);
      this.op('i32.const', 15);
      this.op('i32.and');
    }
  }

  // --- statements ----------------------------------------------------------------------------

  stmts(depth: number): void {
    const n = this.c.int(this.ctx.limits.maxStmts + 1);
    for (let i = 0; i < n && !this.full; i++) genStmt(this, depth);
  }

  writableLocals(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.locals.length; i++) if (!this.reserved.has(i)) out.push(i);
    return out;
  }
}
