import type { Func } from '../../wasm/syntax/module';
import type { ImmValue, Instr } from '../../wasm/syntax/instructions';
import type { BlockType, FuncType, HeapType, NumType, RefType, StorageType, ValType } from '../../wasm/syntax/types';
import type { Choices } from './choices';
import { emit } from './emit';
import { CANONICAL_NAN_F32, genConstValue, genNumConst, inhabited } from './genConstValue';
import type { FuncInfo, GenContext } from './genContext';
import { hasNondeterministicNaN, NUMERIC_OPS_BY_RESULT } from './numericOps';
import { ref, unpacked, type TypeSpace } from './typeSpace';

type Option = readonly [weight: number, run: () => void];

const ANY_NULL = ref(true, 'any');
const EXTERN_NULL = ref(true, 'extern');
const FUNC_NULL = ref(true, 'func');

/**
 * Generates one function body, type-directed: `expr(t)` emits instructions that leave exactly one
 * value of a subtype of `t`, `stmt()` emits instructions with no net stack effect, and each only
 * chooses instructions whose operand types it can produce, so the body validates by construction.
 *
 * Termination: loops count down a reserved local and the module's budget global; every function
 * starts by checking and decrementing the budget; calls go only to inner functions of a higher
 * index, to leaves and to hosts (function references name only leaves). Float results that may be
 * NaN are canonicalised, so results never depend on NaN payloads.
 */
export class BodyGen {
  private readonly c: Choices;
  private readonly ts: TypeSpace;
  private readonly out: Instr[] = [];
  private readonly locals: ValType[];
  private readonly nParams: number;
  /** Locals the generic `local.set` must not write: loop counters and scratch. */
  private readonly reserved = new Set<number>();
  private readonly counters: number[] = [];
  private readonly scratch = new Map<string, number>();
  /** Branch types of the enclosing labels, outermost (the function) first. */
  private readonly labels: ValType[][] = [];
  private loopDepth = 0;
  /**
   * Whether this function calls itself: only inner functions whose first parameter is an i32
   * depth, which the body never writes; a self call passes `(depth - 1) & 7` and only when the
   * depth is non-zero, so recursion is at most 9 frames deep per function.
   */
  private recursive = false;

  constructor(private readonly ctx: GenContext, private readonly self: FuncInfo) {
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
        this.refExpr(t, 1, true);
        this.op('local.set', i);
      }
    }
    this.stmts(ctx.limits.stmtDepth);
    for (const r of results) this.expr(r, ctx.limits.exprDepth);
    return { typeIndex: this.self.typeIndex, locals: this.locals.slice(this.nParams), body: this.out };
  }

  // --- plumbing ------------------------------------------------------------------------------

  private op(name: string, ...imm: ImmValue[]): void {
    emit(this.out, name, ...imm);
  }

  private get full(): boolean {
    return this.out.length >= this.ctx.limits.maxInstrs;
  }

  private choose(options: readonly Option[]): void {
    const live = options.filter((o) => o[0] > 0);
    live[this.c.weighted(live.map((o) => o[0]))]![1]();
  }

  private addLocal(t: ValType): number {
    this.locals.push(t);
    return this.locals.length - 1;
  }

  /** A reserved local of type `t` for short-lived use inside one generated construct. */
  private scratchLocal(t: ValType): number {
    const key = JSON.stringify(t);
    let i = this.scratch.get(key);
    if (i === undefined) {
      i = this.addLocal(t);
      this.reserved.add(i);
      this.scratch.set(key, i);
    }
    return i;
  }

  private localType(): ValType {
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

  private withLabel(types: ValType[], body: () => void): void {
    this.labels.push(types);
    body();
    this.labels.pop();
  }

  private blockType(t: ValType | undefined): BlockType {
    return t === undefined ? { kind: 'empty' } : { kind: 'value', type: t };
  }

  /** Functions this one may call directly. */
  private callees(): FuncInfo[] {
    const self = this.self;
    return this.ctx.funcs.filter((f) => f.role === 'host' || (self.role === 'inner' && (f.role === 'leaf' || (f.role === 'inner' && f.index > self.index))));
  }

  private callArgs(t: FuncType, d: number): void {
    for (const p of t.params) this.expr(p, d - 1);
  }

  private cheap(t: ValType): void {
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
    if (typeof t === 'string') this.numExpr(t, d);
    else this.refExpr(t, d, false);
  }

  /** A value to store (in a field, element, local, global or table): references are mostly non-null, so objects form graphs. */
  private value(t: ValType, d: number): void {
    if (typeof t === 'string') this.numExpr(t, d);
    else this.refExpr(t, d, this.c.chance(0.75));
  }

  /**
   * A reference an instruction dereferences (struct.get, array.set...): nullable type, but mostly
   * an object from a local or a fresh one rather than null, so fewer runs end in a null trap.
   */
  private operand(t: RefType, d: number): void {
    const nonNull = ref(false, t.heap);
    if (inhabited(this.ctx, nonNull) && this.c.chance(0.95)) {
      // block (result (ref h)) <t> br_on_non_null 0 <fresh (ref h)> end
      this.op('block', this.blockType(nonNull));
      this.withLabel([nonNull], () => {
        this.refExpr(t, d, true);
        this.op('br_on_non_null', 0);
        genConstValue(this.ctx, nonNull, 1, this.out);
      });
      this.op('end');
      return;
    }
    this.refExpr(t, d, this.c.chance(0.9));
  }

  private localsMatching(t: ValType): number[] {
    const out: number[] = [];
    this.locals.forEach((lt, i) => {
      if (this.ts.valSub(lt, t)) out.push(i);
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
  private fieldsReading(t: ValType): [number, number][] {
    const out: [number, number][] = [];
    for (const s of this.ts.indicesOf('struct')) {
      this.ts.struct(s).fields.forEach((f, i) => {
        if (this.ts.valSub(unpacked(f.storage), t)) out.push([s, i]);
      });
    }
    return out;
  }

  private arraysReading(t: ValType): number[] {
    return this.ts.indicesOf('array').filter((a) => this.ts.valSub(unpacked(this.ts.array(a).element.storage), t));
  }

  private funcsReturning(fs: readonly FuncInfo[], t: ValType): FuncInfo[] {
    return fs.filter((f) => f.type.results.length === 1 && this.ts.valSub(f.type.results[0]!, t) && f.type.params.every((p) => inhabited(this.ctx, p)));
  }

  /** Leaf function types callable through call_ref / call_indirect that return a subtype of `t`. */
  private leafTypesReturning(t: ValType | undefined): number[] {
    if (this.self.role !== 'inner') return [];
    const seen = new Set<number>();
    for (const f of this.ctx.leaves) {
      const info = this.ctx.funcs[f]!;
      const rs = info.type.results;
      if (t === undefined ? true : rs.length === 1 && this.ts.valSub(rs[0]!, t)) seen.add(info.typeIndex);
    }
    return [...seen];
  }

  private getterOptions(t: ValType, localW: number): Option[] {
    const ls = this.localsMatching(t);
    const gs = this.globalsMatching(t);
    return [
      [ls.length > 0 ? localW : 0, () => this.op('local.get', this.c.pick(ls))],
      [gs.length > 0 ? 2 : 0, () => this.op('global.get', this.c.pick(gs))],
    ];
  }

  private deepOptions(t: ValType, d: number): Option[] {
    const { c } = this;
    const fields = this.fieldsReading(t);
    const arrays = this.arraysReading(t);
    const callees = this.funcsReturning(this.callees(), t);
    const leafTypes = this.leafTypesReturning(t);
    const tees = this.localsMatching(t).filter((i) => !this.reserved.has(i));
    return [
      [fields.length > 0 ? 4 : 0, () => this.structGet(c.pick(fields), d)],
      [arrays.length > 0 ? 3 : 0, () => this.arrayGet(c.pick(arrays), d)],
      [callees.length > 0 ? 3 : 0, () => {
        const f = c.pick(callees);
        this.callArgs(f.type, d);
        this.op('call', f.index);
      }],
      [leafTypes.length > 0 ? 2 : 0, () => this.indirectCall(c.pick(leafTypes), d)],
      [2, () => this.ifExpr(t, d)],
      [1, () => this.brIfExpr(t, d)],
      [1, () => this.selectExpr(t, d)],
      [tees.length > 0 ? 1 : 0, () => {
        const l = c.pick(tees);
        this.expr(this.locals[l]!, d - 1);
        this.op('local.tee', l);
      }],
    ];
  }

  private numExpr(t: NumType, d: number): void {
    const { c } = this;
    const shallow = d <= 0 || this.full;
    const options: Option[] = [[3, () => genNumConst(c, t, this.out)], ...this.getterOptions(t, 4)];
    if (!shallow) {
      options.push([8, () => this.numericOp(t, d)]);
      options.push(...this.deepOptions(t, d));
      if (t === 'i32') options.push(...this.i32Options(d));
    }
    this.choose(options);
  }

  private numericOp(t: NumType, d: number): void {
    const e = this.c.pick(NUMERIC_OPS_BY_RESULT[t]);
    const params = e.sig![0];
    for (const p of params) this.expr(p, d - 1);
    // Integer division: usually force the divisor odd (non-zero), so fewer runs end in a trap.
    if (/^i(32|64)\.(div|rem)_/.test(e.name) && this.c.chance(0.85)) {
      const p = params[1]!;
      if (p === 'i64') this.op('i64.const', 1n);
      else this.op('i32.const', 1);
      this.op(`${p}.or`);
    }
    this.op(e.name);
    if (hasNondeterministicNaN(e)) this.canonicaliseNaN(t as 'f32' | 'f64');
  }

  /** `x` -> `x == x ? x : canonical NaN`. */
  private canonicaliseNaN(t: 'f32' | 'f64'): void {
    const tmp = this.scratchLocal(t);
    this.op('local.set', tmp);
    this.op('local.get', tmp);
    if (t === 'f32') this.op('f32.const', CANONICAL_NAN_F32);
    else this.op('f64.const', NaN);
    this.op('local.get', tmp);
    this.op('local.get', tmp);
    this.op(`${t}.eq`);
    this.op('select');
  }

  private i32Options(d: number): Option[] {
    const { c, ts, ctx } = this;
    const hosts = (['extern_id'] as const).filter((h) => ctx.hostIndex[h] !== undefined);
    const tables = ctx.tables.map((_, i) => i);
    return [
      [ts.indicesOf('array').length > 0 ? 2 : 0, () => {
        this.operand(ref(true, 'array'), d - 1);
        this.op('array.len');
      }],
      [1, () => {
        this.expr(this.anyRefType(), d - 1);
        this.op('ref.is_null');
      }],
      [2, () => {
        const eq = ref(true, 'eq');
        this.expr(eq, d - 1);
        this.expr(eq, d - 1);
        this.op('ref.eq');
      }],
      [3, () => this.refTest(d)],
      [2, () => {
        this.operand(ref(true, 'i31'), d - 1);
        this.op(c.chance(0.5) ? 'i31.get_s' : 'i31.get_u');
      }],
      [hosts.length > 0 ? 2 : 0, () => {
        this.expr(EXTERN_NULL, d - 1);
        this.op('call', ctx.hostIndex.extern_id!);
      }],
      [tables.length > 0 ? 1 : 0, () => {
        const ti = c.pick(tables);
        if (c.chance(0.6)) {
          this.op('table.size', ti);
        } else {
          this.expr(ctx.tables[ti]!.element, d - 1);
          this.op('i32.const', c.int(3));
          this.op('table.grow', ti);
        }
      }],
    ];
  }

  /** Some nullable reference type (for ref.is_null and friends). */
  private anyRefType(): RefType {
    return this.c.pick([ANY_NULL, EXTERN_NULL, FUNC_NULL, ref(true, 'eq'), ANY_NULL]);
  }

  private refTest(d: number): void {
    const { c } = this;
    const top = c.pick<'any' | 'extern' | 'func'>(['any', 'any', 'any', 'extern', 'func']);
    this.expr(ref(true, top), d - 1);
    this.op(c.chance(0.5) ? 'ref.test' : 'ref.test null', this.castTarget(top));
  }

  /** A heap type in `top`'s hierarchy to cast or test against. */
  private castTarget(top: HeapType): HeapType {
    const { c, ts } = this;
    const concrete: number[] = [];
    for (let i = 0; i < ts.size; i++) if (ts.heapSub(i, top)) concrete.push(i);
    if (concrete.length > 0 && c.chance(0.65)) return c.pick(concrete);
    const abs: HeapType[] = ts.top(top) === 'any' ? ['any', 'eq', 'i31', 'struct', 'array', 'none'] : ts.top(top) === 'extern' ? ['extern', 'noextern'] : ['func', 'nofunc'];
    return c.pick(abs.filter((h) => ts.heapSub(h, top)));
  }

  private structGet([s, f]: [number, number], d: number): void {
    this.operand(ref(true, s), d - 1);
    const st = this.ts.struct(s).fields[f]!.storage;
    this.op(st === 'i8' || st === 'i16' ? (this.c.chance(0.5) ? 'struct.get_s' : 'struct.get_u') : 'struct.get', s, f);
  }

  private arrayGet(a: number, d: number): void {
    this.arrayAndIndex(a, d);
    const st = this.ts.array(a).element.storage;
    this.op(st === 'i8' || st === 'i16' ? (this.c.chance(0.5) ? 'array.get_s' : 'array.get_u') : 'array.get', a);
  }

  /** An i32 index: mostly small, sometimes masked from an arbitrary expression (may be out of bounds). */
  /** An i32 index: mostly 0 or 1 (in bounds of most arrays and tables), sometimes masked from an arbitrary expression. */
  private index(d: number): void {
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
  private segmentRange(length: number): void {
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
  private pickSegment(segs: readonly number[]): number {
    const { c, ctx } = this;
    const live = segs.filter((i) => (ctx.elemLengths[i] ?? 0) > 0);
    return live.length > 0 && c.chance(0.9) ? c.pick(live) : c.pick(segs);
  }

  /** Entries of `bytes` bytes of data segment `seg` (its whole length when it is not dropped). */
  private dataEntries(seg: number, bytes: number): number {
    return Math.floor((this.ctx.dataLengths[seg] ?? 0) / bytes);
  }

  /**
   * An array operand and an index into it. Half the time the index is masked with `len - 1`,
   * which keeps it in bounds of any non-empty array (x & (len - 1) <= len - 1), so the access
   * happens instead of trapping; otherwise a plain small index (index()).
   */
  private arrayAndIndex(a: number, d: number): void {
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
  private length(d: number): void {
    const { c } = this;
    if (d <= 0 || c.chance(0.8)) {
      this.op('i32.const', c.chance(0.96) ? 2 + c.int(8) : 0);
    } else {
      this.expr('i32', d - 1);
      this.op('i32.const', 15);
      this.op('i32.and');
    }
  }

  private indirectCall(typeIndex: number, d: number): void {
    const { c, ctx, ts } = this;
    const ft = ts.func(typeIndex);
    this.callArgs(ft, d);
    const tables = ctx.tables.map((t, i) => [t, i] as const).filter(([t]) => ts.heapSub(t.element.heap, 'func')).map(([, i]) => i);
    if (tables.length > 0 && c.chance(0.4)) {
      this.index(d);
      this.op('call_indirect', typeIndex, c.pick(tables));
    } else {
      this.operand(ref(true, typeIndex), d - 1);
      this.op('call_ref', typeIndex);
    }
  }

  private ifExpr(t: ValType, d: number): void {
    this.expr('i32', d - 1);
    this.op('if', this.blockType(t));
    this.withLabel([t], () => {
      this.expr(t, d - 1);
      this.op('else');
      this.expr(t, d - 1);
    });
    this.op('end');
  }

  private brIfExpr(t: ValType, d: number): void {
    this.op('block', this.blockType(t));
    this.withLabel([t], () => {
      this.expr(t, d - 1);
      this.expr('i32', d - 1);
      this.op('br_if', 0);
      this.op('drop');
      this.expr(t, d - 1);
    });
    this.op('end');
  }

  private selectExpr(t: ValType, d: number): void {
    this.expr(t, d - 1);
    this.expr(t, d - 1);
    this.expr('i32', d - 1);
    if (typeof t === 'string' && this.c.chance(0.6)) this.op('select');
    else this.op('select t', [t]);
  }

  private refExpr(t: RefType, d: number, avoidNull: boolean): void {
    const { c, ts } = this;
    const shallow = d <= 0 || this.full;
    const h = t.heap;
    const top = ts.top(h);
    const nullW = t.nullable && !avoidNull ? 1 : 0;
    const getters = this.getterOptions(t, avoidNull ? 16 : shallow ? 6 : 5);
    if (shallow) {
      const options: Option[] = [[nullW, () => this.refNull(t)], [avoidNull ? 4 : 2, () => genConstValue(this.ctx, avoidNull && inhabited(this.ctx, ref(false, h)) ? ref(false, h) : t, avoidNull ? 1 : 0, this.out)], ...getters];
      this.choose(options);
      return;
    }
    const options: Option[] = [[nullW, () => this.refNull(t)], [1, () => this.cheap(t)], ...getters];
    const allocs = this.allocCandidates(h);
    options.push([allocs.length > 0 ? 6 : 0, () => this.alloc(c.pick(allocs), d)]);
    options.push([ts.heapSub('i31', h) ? 2 : 0, () => {
      this.expr('i32', d - 1);
      this.op('ref.i31');
    }]);
    if (!t.nullable) {
      options.push([2, () => {
        this.refExpr(ref(true, h), d - 1, true);
        this.op('ref.as_non_null');
      }]);
    }
    if (h === 'any') options.push([1, () => {
      this.expr(ref(t.nullable, 'extern'), d - 1);
      this.op('any.convert_extern');
    }]);
    if (h === 'extern') {
      options.push([2, () => {
        this.expr(ref(t.nullable, 'any'), d - 1);
        this.op('extern.convert_any');
      }]);
      const hosts = (['make_extern', 'pick_extern', 'identity'] as const).filter((n) => this.ctx.hostIndex[n] !== undefined && (t.nullable || n === 'make_extern'));
      options.push([hosts.length > 0 ? 4 : 0, () => {
        const n = c.pick(hosts);
        if (n === 'identity') this.expr(EXTERN_NULL, d - 1);
        else this.expr('i32', d - 1);
        this.op('call', this.ctx.hostIndex[n]!);
        if (!t.nullable) this.op('ref.as_non_null');
      }]);
    }
    if (top === 'func') {
      const fs = this.ctx.leaves.filter((f) => ts.heapSub(this.ctx.funcs[f]!.typeIndex, h));
      options.push([fs.length > 0 ? 3 : 0, () => this.op('ref.func', c.pick(fs))]);
    }
    options.push(...this.deepOptions(t, d));
    options.push([1, () => this.refCast(t, d)]);
    options.push([1, () => this.brOnCastExpr(t, d)]);
    options.push([1, () => this.brOnCastFailExpr(t, d)]);
    options.push([1, () => this.brOnNullExpr(t, d)]);
    options.push([1, () => this.brOnNonNullExpr(t, d)]);
    const tables = this.ctx.tables.map((tt, i) => [tt, i] as const).filter(([tt]) => ts.valSub(tt.element, t)).map(([, i]) => i);
    options.push([tables.length > 0 ? 2 : 0, () => {
      this.index(d);
      this.op('table.get', c.pick(tables));
    }]);
    this.choose(options);
  }

  private refNull(t: RefType): void {
    this.op('ref.null', this.c.chance(0.6) ? t.heap : this.ts.bottom(t.heap));
  }

  /** Struct and array types (and so allocations) whose values match heap type `h`. */
  private allocCandidates(h: HeapType): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.ts.size; i++) if (this.ts.comp(i).kind !== 'func' && this.ts.heapSub(i, h)) out.push(i);
    return out;
  }

  private alloc(ti: number, d: number): void {
    const { c, ts, ctx } = this;
    const comp = ts.comp(ti);
    if (comp.kind === 'struct') {
      if (comp.fields.every((f) => ts.defaultable(f.storage)) && c.chance(0.3)) {
        this.op('struct.new_default', ti);
        return;
      }
      for (const f of comp.fields) this.value(unpacked(f.storage), d - 1);
      this.op('struct.new', ti);
      return;
    }
    if (comp.kind !== 'array') return;
    const st = comp.element.storage;
    const elem = unpacked(st);
    const datas = ctx.dataLengths.map((_, i) => i);
    const elems = typeof st === 'string' ? [] : ctx.elemTypes.map((et, i) => [et, i] as const).filter(([et]) => ts.valSub(et, elem)).map(([, i]) => i);
    const options: Option[] = [
      [3, () => {
        const n = c.chance(0.95) ? 2 + c.int(3) : c.int(2);
        for (let k = 0; k < n; k++) this.value(elem, d - 1);
        this.op('array.new_fixed', ti, n);
      }],
      [3, () => {
        this.value(elem, d - 1);
        this.length(d);
        this.op('array.new', ti);
      }],
      [ts.defaultable(st) ? 2 : 0, () => {
        this.length(d);
        this.op('array.new_default', ti);
      }],
      [typeof st === 'string' && datas.length > 0 ? 2 : 0, () => {
        const seg = c.pick(datas);
        this.segmentRange(this.dataEntries(seg, storageBytes(st)));
        this.op('array.new_data', ti, seg);
      }],
      [elems.length > 0 ? 2 : 0, () => {
        const seg = this.pickSegment(elems);
        this.segmentRange(ctx.elemLengths[seg] ?? 0);
        this.op('array.new_elem', ti, seg);
      }],
    ];
    this.choose(options);
  }

  private refCast(t: RefType, d: number): void {
    const { c, ts } = this;
    const top = ts.top(t.heap);
    const targets = this.castTargetsWithin(t.heap);
    const target = c.pick(targets);
    // Half the time the operand is statically a subtype of the target, so the cast mostly succeeds.
    this.expr(c.chance(0.85) && inhabited(this.ctx, ref(true, target)) ? ref(true, target) : ref(true, top), d - 1);
    this.op(t.nullable && c.chance(0.8) ? 'ref.cast null' : 'ref.cast', target);
  }

  /** Heap types below `h` (itself included) that a cast may target. */
  private castTargetsWithin(h: HeapType): HeapType[] {
    const { ts } = this;
    const out: HeapType[] = [h];
    for (let i = 0; i < ts.size; i++) if (i !== h && ts.heapSub(i, h) && inhabited(this.ctx, ref(false, i))) out.push(i);
    for (const a of ['eq', 'i31', 'struct', 'array'] as const) if (a !== h && ts.heapSub(a, h)) out.push(a);
    return out;
  }

  /** `block (result t) (expr rt1) br_on_cast 0 rt1 rt2 drop (expr t) end` with rt2 <: t. */
  private brOnCastExpr(t: RefType, d: number): void {
    const { c, ts } = this;
    const from = ref(true, ts.top(t.heap));
    const to = ref(t.nullable && c.chance(0.5), c.pick(this.castTargetsWithin(t.heap)));
    this.op('block', this.blockType(t));
    this.withLabel([t], () => {
      this.expr(from, d - 1);
      this.op('br_on_cast', { label: 0, from, to });
      this.op('drop');
      this.expr(t, d - 1);
    });
    this.op('end');
  }

  /** `block (result t) (expr t) br_on_cast_fail 0 t rt2 end` with rt2 <: t. */
  private brOnCastFailExpr(t: RefType, d: number): void {
    const { c } = this;
    const to = ref(t.nullable && c.chance(0.5), c.pick(this.castTargetsWithin(t.heap)));
    this.op('block', this.blockType(t));
    this.withLabel([t], () => {
      this.expr(t, d - 1);
      this.op('br_on_cast_fail', { label: 0, from: t, to });
    });
    this.op('end');
  }

  /** `block (result t) block (expr (ref null h)) br_on_null 0 br 1 end (expr t) end`. */
  private brOnNullExpr(t: RefType, d: number): void {
    this.op('block', this.blockType(t));
    this.withLabel([t], () => {
      this.op('block', { kind: 'empty' });
      this.withLabel([], () => {
        this.expr(ref(true, t.heap), d - 1);
        this.op('br_on_null', 0);
        this.op('br', 1);
      });
      this.op('end');
      this.expr(t, d - 1);
    });
    this.op('end');
  }

  /** `block (result t) (expr (ref null h)) br_on_non_null 0 (expr t) end`. */
  private brOnNonNullExpr(t: RefType, d: number): void {
    this.op('block', this.blockType(t));
    this.withLabel([t], () => {
      this.expr(ref(true, t.heap), d - 1);
      this.op('br_on_non_null', 0);
      this.expr(t, d - 1);
    });
    this.op('end');
  }

  // --- statements ----------------------------------------------------------------------------

  private stmts(depth: number): void {
    const n = this.c.int(this.ctx.limits.maxStmts + 1);
    for (let i = 0; i < n && !this.full; i++) this.stmt(depth);
  }

  private writableLocals(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.locals.length; i++) if (!this.reserved.has(i)) out.push(i);
    return out;
  }

  private stmt(depth: number): void {
    const { c, ts, ctx } = this;
    const d = ctx.limits.exprDepth;
    const locals = this.writableLocals();
    const mutGlobals = ctx.globals.map((g, i) => [g, i] as const).filter(([g, i]) => g.mutable && i !== ctx.budgetGlobal).map(([, i]) => i);
    const mutFields = this.mutableFields();
    const mutArrays = ts.indicesOf('array').filter((a) => ts.array(a).element.mutable);
    const callees = this.callees().filter((f) => f.role !== 'host' && f.type.params.every((p) => inhabited(ctx, p)));
    const leafTypes = this.leafTypesReturning(undefined);
    const hostStmts = (['gc', 'gc_step', 'record'] as const).filter((h) => ctx.hostIndex[h] !== undefined);
    const options: Option[] = [
      [1, () => this.op('nop')],
      [locals.length > 0 ? 6 : 0, () => {
        const l = c.pick(locals);
        this.value(this.locals[l]!, d);
        this.op('local.set', l);
      }],
      [mutGlobals.length > 0 ? 2 : 0, () => {
        const g = c.pick(mutGlobals);
        this.value(ctx.globals[g]!.type, d);
        this.op('global.set', g);
      }],
      [mutFields.length > 0 ? 6 : 0, () => this.structSet(c.pick(mutFields), d)],
      [mutArrays.length > 0 ? 4 : 0, () => this.arrayMutation(c.pick(mutArrays), d)],
      [ctx.tables.length > 0 ? 3 : 0, () => this.tableOp(d)],
      [callees.length > 0 ? 4 : 0, () => {
        const f = c.pick(callees);
        this.callArgs(f.type, d);
        this.op('call', f.index);
        for (let i = 0; i < f.type.results.length; i++) this.op('drop');
      }],
      [leafTypes.length > 0 ? 2 : 0, () => {
        const ti = c.pick(leafTypes);
        this.indirectCall(ti, d);
        for (let i = 0; i < ts.func(ti).results.length; i++) this.op('drop');
      }],
      [hostStmts.length > 0 ? 4 : 0, () => this.hostCall(c.pick(hostStmts), d)],
      [ctx.hostKeepGlobal !== null ? 2 : 0, () => {
        // Keep a host object past this call: the host-lifetime checks need survivors.
        this.value(EXTERN_NULL, d);
        this.op('global.set', ctx.hostKeepGlobal!);
      }],
      [2, () => {
        this.expr(this.localType(), d);
        this.op('drop');
      }],
    ];
    if (depth > 0 && !this.full) {
      options.push([3, () => this.ifStmt(depth)]);
      options.push([this.loopDepth < 2 ? 4 : 0, () => this.loopStmt(depth)]);
      options.push([2, () => this.blockStmt(depth)]);
      options.push([1, () => this.brTableStmt(depth)]);
      options.push([2, () => this.brOnStmt(depth)]);
      options.push([6, () => this.holdAcrossCall(depth)]);
      options.push([this.recursive ? 3 : 0, () => this.selfCall()]);
    }
    options.push([1, () => this.brStmt()]);
    options.push([ctx.dataLengths.length > 0 && c.chance(0.2) ? 1 : 0, () => this.op('data.drop', c.int(ctx.dataLengths.length))]);
    options.push([c.chance(0.1) ? 1 : 0, () => this.op('unreachable')]);
    this.choose(options);
  }

  private mutableFields(): [number, number][] {
    const out: [number, number][] = [];
    for (const s of this.ts.indicesOf('struct')) {
      this.ts.struct(s).fields.forEach((f, i) => {
        if (f.mutable) out.push([s, i]);
      });
    }
    return out;
  }

  /** `struct.set`; ref fields are mostly filled from locals, so objects form graphs and cycles. */
  private structSet([s, f]: [number, number], d: number): void {
    this.operand(ref(true, s), d - 1);
    this.storedValue(this.ts.struct(s).fields[f]!.storage, d);
    this.op('struct.set', s, f);
  }

  private storedValue(st: StorageType, d: number): void {
    const t = unpacked(st);
    const ls = this.localsMatching(t);
    if (typeof t !== 'string' && ls.length > 0 && this.c.chance(0.6)) this.op('local.get', this.c.pick(ls));
    else this.value(t, d - 1);
  }

  private arrayMutation(a: number, d: number): void {
    const { c, ts, ctx } = this;
    const at = ts.array(a);
    const st = at.element.storage;
    const aref = ref(true, a);
    const sources = ts.indicesOf('array').filter((b) => ts.valSub(unpacked(ts.array(b).element.storage), unpacked(st)) && (typeof st !== 'string' || ts.array(b).element.storage === st));
    const elems = typeof st === 'string' ? [] : ctx.elemTypes.map((et, i) => [et, i] as const).filter(([et]) => ts.valSub(et, unpacked(st))).map(([, i]) => i);
    const options: Option[] = [
      [4, () => {
        this.arrayAndIndex(a, d);
        this.storedValue(st, d);
        this.op('array.set', a);
      }],
      [2, () => {
        this.operand(aref, d - 1);
        this.index(d);
        this.storedValue(st, d);
        this.op('i32.const', c.int(3));
        this.op('array.fill', a);
      }],
      [2, () => {
        // The whole array: in bounds whatever its length, so every element's barrier runs.
        const t = this.scratchLocal(aref);
        this.operand(aref, d - 1);
        this.op('local.tee', t);
        this.op('i32.const', 0);
        this.storedValue(st, d);
        this.op('local.get', t);
        this.op('array.len');
        this.op('array.fill', a);
      }],
      [sources.length > 0 ? 2 : 0, () => {
        const b = c.pick(sources);
        this.operand(aref, d - 1);
        this.index(d);
        this.operand(ref(true, b), d - 1);
        this.index(d);
        this.op('i32.const', c.int(3));
        this.op('array.copy', a, b);
      }],
      [sources.length > 0 ? 2 : 0, () => {
        // From the start of both, as many elements as the shorter holds: in bounds, and with
        // a == b an overlapping copy onto itself.
        const b = c.pick(sources);
        const ta = this.scratchLocal(aref);
        const tb = b === a ? ta : this.scratchLocal(ref(true, b));
        this.operand(aref, d - 1);
        this.op('local.tee', ta);
        this.op('i32.const', 0);
        if (b === a) this.op('local.get', ta);
        else {
          this.operand(ref(true, b), d - 1);
          this.op('local.tee', tb);
        }
        this.op('i32.const', 0);
        this.op('local.get', ta);
        this.op('array.len');
        this.op('local.get', tb);
        this.op('array.len');
        this.op('local.get', ta);
        this.op('array.len');
        this.op('local.get', tb);
        this.op('array.len');
        this.op('i32.lt_u');
        this.op('select');
        this.op('array.copy', a, b);
      }],
      [typeof st === 'string' && ctx.dataLengths.length > 0 ? 1 : 0, () => {
        const seg = c.int(ctx.dataLengths.length);
        this.operand(aref, d - 1);
        this.op('i32.const', 0);
        this.segmentRange(Math.min(2, this.dataEntries(seg, storageBytes(st))));
        this.op('array.init_data', a, seg);
      }],
      [elems.length > 0 ? 1 : 0, () => {
        const seg = this.pickSegment(elems);
        this.operand(aref, d - 1);
        this.op('i32.const', 0);
        this.segmentRange(Math.min(2, ctx.elemLengths[seg] ?? 0));
        this.op('array.init_elem', a, seg);
      }],
    ];
    this.choose(options);
  }

  private tableOp(d: number): void {
    const { c, ts, ctx } = this;
    const ti = c.int(ctx.tables.length);
    const tt = ctx.tables[ti]!;
    const srcTables = ctx.tables.map((t, i) => [t, i] as const).filter(([t]) => ts.valSub(t.element, tt.element)).map(([, i]) => i);
    const elems = ctx.elemTypes.map((et, i) => [et, i] as const).filter(([et]) => ts.valSub(et, tt.element)).map(([, i]) => i);
    const options: Option[] = [
      [4, () => {
        this.index(d);
        this.value(tt.element, d - 1);
        this.op('table.set', ti);
      }],
      [1, () => {
        this.index(d);
        this.value(tt.element, d - 1);
        this.op('i32.const', c.int(2));
        this.op('table.fill', ti);
      }],
      [1, () => {
        this.value(tt.element, d - 1);
        this.op('i32.const', c.int(3));
        this.op('table.grow', ti);
        this.op('drop');
      }],
      [srcTables.length > 0 ? 1 : 0, () => {
        this.index(d);
        this.index(d);
        this.op('i32.const', c.int(2));
        this.op('table.copy', ti, c.pick(srcTables));
      }],
      [elems.length > 0 ? 1 : 0, () => {
        const seg = this.pickSegment(elems);
        this.op('i32.const', 0);
        this.segmentRange(Math.min(tt.limits.min, ctx.elemLengths[seg] ?? 0));
        this.op('table.init', seg, ti);
      }],
      [ctx.elemTypes.length > 0 && c.chance(0.3) ? 1 : 0, () => this.op('elem.drop', c.int(ctx.elemTypes.length))],
    ];
    this.choose(options);
  }

  private hostCall(name: 'gc' | 'gc_step' | 'record', d: number): void {
    const idx = this.ctx.hostIndex[name]!;
    this.callArgs(this.ctx.funcs[idx]!.type, d);
    this.op('call', idx);
  }

  private ifStmt(depth: number): void {
    this.expr('i32', this.ctx.limits.exprDepth);
    this.op('if', { kind: 'empty' });
    this.withLabel([], () => {
      this.stmts(depth - 1);
      if (this.c.chance(0.5)) {
        this.op('else');
        this.stmts(depth - 1);
      }
    });
    this.op('end');
  }

  /** A loop bounded by a countdown local (reserved) and by the module budget. */
  private loopStmt(depth: number): void {
    const { c, ctx } = this;
    if (this.counters.length <= this.loopDepth) {
      const l = this.addLocal('i32');
      this.reserved.add(l);
      this.counters.push(l);
    }
    const counter = this.counters[this.loopDepth]!;
    const g = ctx.budgetGlobal;
    this.op('i32.const', 1 + c.int(ctx.limits.maxLoopIters));
    this.op('local.set', counter);
    this.op('block', { kind: 'empty' });
    this.withLabel([], () => {
      this.op('loop', { kind: 'empty' });
      this.withLabel([], () => {
        this.op('local.get', counter);
        this.op('i32.eqz');
        this.op('global.get', g);
        this.op('i32.eqz');
        this.op('i32.or');
        this.op('br_if', 1);
        this.op('local.get', counter);
        this.op('i32.const', 1);
        this.op('i32.sub');
        this.op('local.set', counter);
        this.op('global.get', g);
        this.op('i32.const', 1);
        this.op('i32.sub');
        this.op('global.set', g);
        this.loopDepth++;
        this.stmts(depth - 1);
        this.loopDepth--;
        this.op('br', 0);
      });
      this.op('end');
    });
    this.op('end');
  }

  private blockStmt(depth: number): void {
    this.op('block', { kind: 'empty' });
    this.withLabel([], () => {
      this.stmts(depth - 1);
      this.expr('i32', this.ctx.limits.exprDepth - 1);
      this.op('br_if', 0);
      this.stmts(depth - 1);
    });
    this.op('end');
  }

  private brTableStmt(depth: number): void {
    const n = 1 + this.c.int(3);
    for (let i = 0; i < n; i++) {
      this.op('block', { kind: 'empty' });
      this.labels.push([]);
    }
    const labels: number[] = [];
    for (let i = 0; i < n - 1; i++) labels.push(this.c.int(n));
    this.expr('i32', this.ctx.limits.exprDepth - 1);
    this.op('br_table', { labels, defaultLabel: this.c.int(n) });
    for (let i = 0; i < n; i++) {
      this.labels.pop();
      this.op('end');
      if (i < n - 1) this.stmts(depth - 1);
    }
  }

  /** br_on_null / br_on_non_null / br_on_cast(_fail) whose taken branch skips statements. */
  private brOnStmt(depth: number): void {
    const { c } = this;
    const d = this.ctx.limits.exprDepth - 1;
    const locals = this.writableLocals().filter((l) => typeof this.locals[l] !== 'string');
    this.op('block', { kind: 'empty' });
    this.withLabel([], () => {
      if (locals.length > 0 && c.chance(0.5)) {
        const l = c.pick(locals);
        const lt = this.locals[l] as RefType;
        if (c.chance(0.5)) {
          this.op('local.get', l);
          this.op('br_on_null', 0);
          this.op('drop');
        } else {
          this.op('block', { kind: 'value', type: ref(false, lt.heap) });
          this.withLabel([ref(false, lt.heap)], () => {
            this.op('local.get', l);
            this.op('br_on_non_null', 0);
            this.op('br', 1);
          });
          this.op('end');
          this.op('local.set', l);
        }
      } else {
        const from = ref(true, c.pick<HeapType>(['any', 'any', 'eq', 'extern', 'func']));
        const target = ref(c.chance(0.5), c.pick(this.castTargetsWithin(from.heap)));
        this.op('block', { kind: 'value', type: from });
        this.withLabel([from], () => {
          this.expr(from, d);
          this.op(c.chance(0.5) ? 'br_on_cast' : 'br_on_cast_fail', { label: 0, from, to: target });
        });
        this.op('end');
        this.op('drop');
      }
      this.stmts(depth - 1);
    });
    this.op('end');
  }

  /**
   * Keeps a fresh object in a local across a call (or a host GC), then reads it back and records
   * what it reads: the caller's frame holds a stack root while the callee runs, and a collector
   * that loses it is caught by the value read after the call.
   */
  private holdAcrossCall(depth: number): void {
    const { c, ts, ctx } = this;
    const gcTypes = [...ts.indicesOf('struct'), ...ts.indicesOf('array')];
    if (gcTypes.length === 0) {
      this.stmts(depth - 1);
      return;
    }
    const ti = c.pick(gcTypes);
    const t = ref(true, ti);
    const candidates = this.writableLocals().filter((l) => ts.valSub(t, this.locals[l]!) && ts.valSub(this.locals[l]!, t));
    const l = candidates.length > 0 && c.chance(0.5) ? c.pick(candidates) : this.addLocal(t);
    this.alloc(ti, ctx.limits.exprDepth - 1);
    this.op('local.set', l);
    const callees = this.callees().filter((f) => f.role !== 'host' && f.type.params.every((p) => inhabited(ctx, p)));
    if (this.recursive && c.chance(0.4)) {
      this.selfCall();
    } else if (callees.length > 0 && c.chance(0.7)) {
      const f = c.pick(callees);
      this.callArgs(f.type, ctx.limits.exprDepth - 1);
      this.op('call', f.index);
      for (let i = 0; i < f.type.results.length; i++) this.op('drop');
    } else if (ctx.hostIndex.gc !== undefined) {
      this.op('call', ctx.hostIndex.gc);
    } else {
      this.stmts(depth - 1);
    }
    this.readBack(ti, l);
  }

  /** `if (depth) { call self((depth - 1) & 7, ...) drop* }`: bounded recursion (see `recursive`). */
  private selfCall(): void {
    const t = this.self.type;
    this.op('local.get', 0);
    this.op('if', { kind: 'empty' });
    this.withLabel([], () => {
      this.op('local.get', 0);
      this.op('i32.const', 1);
      this.op('i32.sub');
      this.op('i32.const', 7);
      this.op('i32.and');
      for (const p of t.params.slice(1)) this.value(p, this.ctx.limits.exprDepth - 1);
      this.op('call', this.self.index);
      for (let i = 0; i < t.results.length; i++) this.op('drop');
    });
    this.op('end');
  }

  /** Reads a numeric or ref part of the object in local `l` (type `ti`) and makes it observable. */
  private readBack(ti: number, l: number): void {
    const { c, ts, ctx } = this;
    const comp = ts.comp(ti);
    const reads: ValType[] = [];
    this.op('local.get', l);
    if (comp.kind === 'struct' && comp.fields.length > 0) {
      const f = c.int(comp.fields.length);
      const st = comp.fields[f]!.storage;
      this.op(st === 'i8' || st === 'i16' ? 'struct.get_u' : 'struct.get', ti, f);
      reads.push(unpacked(st));
    } else if (comp.kind === 'array') {
      if (c.chance(0.5)) {
        this.op('array.len');
        reads.push('i32');
      } else {
        this.op('i32.const', 0);
        const st = comp.element.storage;
        this.op(st === 'i8' || st === 'i16' ? 'array.get_s' : 'array.get', ti);
        reads.push(unpacked(st));
      }
    } else {
      this.op('ref.is_null');
      reads.push('i32');
    }
    const r = reads[0]!;
    const recordIdx = ctx.hostIndex.record;
    if (recordIdx === undefined) {
      const gs = ctx.globals.map((g, i) => [g, i] as const).filter(([g, i]) => g.mutable && i !== ctx.budgetGlobal && ts.valSub(r, g.type)).map(([, i]) => i);
      if (gs.length > 0) this.op('global.set', c.pick(gs));
      else this.op('drop');
      return;
    }
    // record(i32, i64, externref, anyref): put the read value in the matching slot.
    const slot = typeof r === 'string' ? (r === 'i64' ? 1 : 0) : ts.heapSub(r.heap, 'extern') ? 2 : ts.heapSub(r.heap, 'any') ? 3 : -1;
    if (slot === -1) {
      this.op('ref.is_null');
    } else if (r === 'f32') {
      this.op('i32.reinterpret_f32');
    } else if (r === 'f64') {
      this.op('i64.reinterpret_f64');
    }
    const finalSlot = slot === -1 ? 0 : r === 'f64' ? 1 : r === 'f32' ? 0 : slot;
    const params: ValType[] = ['i32', 'i64', EXTERN_NULL, ANY_NULL];
    const tmp = this.scratchLocal(params[finalSlot]!);
    this.op('local.set', tmp);
    params.forEach((p, i) => {
      if (i === finalSlot) this.op('local.get', tmp);
      else if (p === 'i32') this.op('i32.const', c.int(4));
      else if (p === 'i64') this.op('i64.const', 0n);
      else if (typeof p !== 'string') this.op('ref.null', p.heap);
    });
    this.op('call', recordIdx);
  }

  /** `br n` to an enclosing label, with values for it: ends a block early (or returns). */
  private brStmt(): void {
    const { c } = this;
    const n = c.int(this.labels.length);
    const types = this.labels[this.labels.length - 1 - n]!;
    for (const t of types) this.expr(t, 1);
    if (c.chance(0.5) && n === this.labels.length - 1) {
      this.op('return');
    } else if (types.length === 0 && c.chance(0.5)) {
      this.expr('i32', 1);
      this.op('br_if', n);
    } else {
      this.op('br', n);
    }
  }
}

/** Bytes a data segment supplies per element of storage type `st` (spec 4.4.7.9 array.new_data). */
function storageBytes(st: StorageType): number {
  return st === 'i8' ? 1 : st === 'i16' ? 2 : st === 'i64' || st === 'f64' ? 8 : 4;
}
