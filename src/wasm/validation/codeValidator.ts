/**
 * Instruction validation (spec 3.3 and the appendix "Validation Algorithm"): one pass over a flat
 * instruction sequence with an operand stack of value-type codes (./typeCode, `Bot` for values
 * conjured in unreachable code), a control-frame stack (`ctrls`), label types, stack polymorphism
 * after unconditional branches, and the initialisation state of non-defaultable locals
 * (spec 3.3.x "local.get": "uninitialized local").
 *
 * One CodeValidator serves a whole module: its stacks are reused from body to body. It optionally
 * records the side tables of ./validatedModule.ts `FuncSideTable` while it goes.
 */
import { ValidationError } from '../../errors/ValidationError';
import type { BrOnCastImm, BrTableImm, CatchClause, ImmValue, Instr, MemArg } from '../syntax/instructions';
import type { BlockType } from '../syntax/types';
import { badTypeReason, encodeHeapType, encodeRefType, encodeValType } from './encodeValType';
import type { ModuleContext } from './moduleContext';
import { Rule, opInfo, type OpInfo } from './opInfo';
import { KIND_ARRAY, KIND_FUNC, KIND_STRUCT, isGcRefCode, isSubHeapCode, isSubValCode, topHeapCode } from './subtyping';
import type { CanonDef } from './typeCanon';
import {
  HT_ANY,
  HT_ARRAY,
  HT_BOT,
  HT_EQ,
  HT_EXN,
  HT_EXTERN,
  HT_FUNC,
  HT_I31,
  VT_BOT,
  VT_I32,
  codeToString,
  isDefaultableCode,
  isNumCode,
  isPackedCode,
  isRefCode,
  refCode,
  refHeap,
  refNullable,
  unpackCode,
} from './typeCode';

const EMPTY: readonly number[] = [];
const EQREF = refCode(HT_EQ, true);
const FUNCREF = refCode(HT_FUNC, true);
const ARRAYREF = refCode(HT_ARRAY, true);
const I31REF = refCode(HT_I31, true);
const EXNREF = refCode(HT_EXN, true);
const EXN = refCode(HT_EXN, false);

const FRAME_FUNC = 0;
const FRAME_BLOCK = 1;
const FRAME_LOOP = 2;
const FRAME_IF = 3;
const FRAME_ELSE = 4;

/** A control frame (spec appendix `ctrl_frame`), pooled by depth. */
class Frame {
  kind = FRAME_FUNC;
  start: readonly number[] = EMPTY;
  end: readonly number[] = EMPTY;
  /** Operand-stack height at entry (below the block's parameters). */
  height = 0;
  unreachable = false;
  /** Height of the local-initialisation stack at entry. */
  initHeight = 0;
  /** Index of the block/loop/if instruction (-1 for the function or expression frame). */
  startPc = -1;
  /** Index of the `else`, or -1. */
  elsePc = -1;
  /** Whether the frame was entered in reachable code (side tables only). */
  live = true;
}

/** Side tables being recorded for one function body (see FuncSideTable). */
export interface SideTableSink {
  readonly matchEnd: Int32Array;
  readonly matchElse: Int32Array;
  readonly heightBefore: Int32Array;
  readonly gcStackAt: Map<number, Uint8Array>;
  maxHeight: number;
}

export class CodeValidator {
  private readonly vals: number[] = [];
  private readonly frames: Frame[] = [];
  private depth = -1;
  private locals: readonly number[] = EMPTY;
  private localInit: Uint8Array = new Uint8Array(0);
  private readonly inits: number[] = [];
  private results: readonly number[] = EMPTY;
  private readonly scratch: number[] = [];
  private readonly valueBlockTypes = new Map<number, readonly number[]>();
  private btIn: readonly number[] = EMPTY;
  private btOut: readonly number[] = EMPTY;
  private sink: SideTableSink | undefined;
  /** >= 0 while validating a constant expression: how many globals `global.get` may name. */
  private constGlobals = -1;
  private where = '';
  private pc = 0;
  private op = '';

  constructor(private readonly ctx: ModuleContext) {}

  /**
   * Spec 3.4.x functions: validates `body` (without its final `end`) with the given local slots
   * (parameters first, then declared locals) and result types, recording side tables into `sink`
   * when given. Throws ValidationError.
   */
  validateBody(body: readonly Instr[], locals: readonly number[], paramCount: number, results: readonly number[], where: string, sink?: SideTableSink): void {
    this.where = where;
    this.sink = sink;
    this.constGlobals = -1;
    this.locals = locals;
    if (this.localInit.length < locals.length) this.localInit = new Uint8Array(Math.max(locals.length, 2 * this.localInit.length));
    for (let i = 0; i < locals.length; i++) this.localInit[i] = i < paramCount || isDefaultableCode(locals[i]!) ? 1 : 0;
    this.results = results;
    this.run(body, results);
  }

  /**
   * Spec 3.3.10 constant expressions: every instruction must be constant (opcode-table flag
   * `constant`; `global.get` only of an immutable global among the first `visibleGlobals`), and
   * the sequence must have type [] -> [result]. Throws ValidationError.
   */
  validateConst(expr: readonly Instr[], result: number, visibleGlobals: number, where: string): void {
    this.where = where;
    this.sink = undefined;
    this.locals = EMPTY;
    this.results = EMPTY;
    this.constGlobals = visibleGlobals;
    for (let pc = 0; pc < expr.length; pc++) {
      const ins = expr[pc];
      this.pc = pc;
      this.op = typeof ins?.op === 'string' ? ins.op : '?';
      const info = typeof ins?.op === 'string' ? opInfo(ins.op) : undefined;
      if (info === undefined || !info.constant) throw this.fail('constant expression required');
    }
    this.run(expr, this.valueBlock(result));
  }

  // -------------------------------------------------------------------------------------------

  private run(body: readonly Instr[], results: readonly number[]): void {
    this.vals.length = 0;
    this.inits.length = 0;
    this.depth = -1;
    this.pushCtrl(FRAME_FUNC, EMPTY, results, -1);
    const sink = this.sink;
    for (let pc = 0; pc < body.length; pc++) {
      const ins = body[pc]!;
      this.pc = pc;
      const op = typeof ins?.op === 'string' ? ins.op : '?';
      this.op = op;
      const info = opInfo(op);
      if (info === undefined) throw this.fail(`unsupported instruction ${op}`);
      if (sink !== undefined) {
        const f = this.frames[this.depth]!;
        if (f.live && !f.unreachable) {
          const h = this.vals.length;
          sink.heightBefore[pc] = h;
          if (h > sink.maxHeight) sink.maxHeight = h;
          if (info.safepoint) sink.gcStackAt.set(pc, this.stackMask());
        }
      }
      this.instr(ins, info);
      if (sink !== undefined && this.vals.length > sink.maxHeight) {
        const f = this.frames[this.depth]!;
        if (f.live && !f.unreachable) sink.maxHeight = this.vals.length;
      }
    }
    this.pc = body.length;
    this.op = 'end';
    if (this.depth !== 0) throw this.fail('unexpected end of function body', 'unclosed block');
    this.popCtrl();
  }

  private stackMask(): Uint8Array {
    const vals = this.vals;
    const m = new Uint8Array(vals.length);
    const canon = this.ctx.canon;
    for (let i = 0; i < vals.length; i++) if (isGcRefCode(canon, vals[i]!)) m[i] = 1;
    return m;
  }

  private fail(reason: string, detail?: string): ValidationError {
    const at = `${this.where}, instr ${this.pc} (${this.op})`;
    return new ValidationError(reason, detail === undefined ? at : `${at}: ${detail}`);
  }

  // --- operand stack (spec appendix: push_val, pop_val, pop_vals, push_vals) ------------------

  private popAny(): number {
    const f = this.frames[this.depth]!;
    if (this.vals.length === f.height) {
      if (f.unreachable) return VT_BOT;
      throw this.fail('type mismatch', 'operand stack is empty');
    }
    return this.vals.pop()!;
  }

  private pop(expect: number): number {
    const f = this.frames[this.depth]!;
    const vals = this.vals;
    if (vals.length === f.height) {
      if (f.unreachable) return VT_BOT;
      throw this.fail('type mismatch', `expected ${codeToString(expect)} but the operand stack is empty`);
    }
    const actual = vals.pop()!;
    if (actual !== expect && !isSubValCode(this.ctx.canon, actual, expect)) {
      throw this.fail('type mismatch', `expected ${codeToString(expect)}, got ${codeToString(actual)}`);
    }
    return actual;
  }

  /** Spec appendix `pop_ref`: a reference of any type (`(ref bot)` when unknown). */
  private popRef(): number {
    const a = this.popAny();
    if (a === VT_BOT) return refCode(HT_BOT, false);
    if (!isRefCode(a)) throw this.fail('type mismatch', `expected a reference, got ${codeToString(a)}`);
    return a;
  }

  private popVals(ts: readonly number[]): void {
    for (let i = ts.length - 1; i >= 0; i--) this.pop(ts[i]!);
  }

  private pushVals(ts: readonly number[]): void {
    for (let i = 0; i < ts.length; i++) this.vals.push(ts[i]!);
  }

  // --- control frames (spec appendix: push_ctrl, pop_ctrl, label_types, unreachable) ---------

  private pushCtrl(kind: number, start: readonly number[], end: readonly number[], startPc: number): void {
    const d = ++this.depth;
    let f = this.frames[d];
    if (f === undefined) {
      f = new Frame();
      this.frames[d] = f;
    }
    const parent = d > 0 ? this.frames[d - 1]! : undefined;
    f.kind = kind;
    f.start = start;
    f.end = end;
    f.height = this.vals.length;
    f.unreachable = false;
    f.initHeight = this.inits.length;
    f.startPc = startPc;
    f.elsePc = -1;
    f.live = parent === undefined || (parent.live && !parent.unreachable);
    this.pushVals(start);
  }

  /** Pops the top frame; the returned object stays valid until the next pushCtrl at its depth. */
  private popCtrl(): Frame {
    const f = this.frames[this.depth]!;
    this.popVals(f.end);
    if (this.vals.length !== f.height) throw this.fail('type mismatch', 'values remain on the operand stack at the end of the block');
    const inits = this.inits;
    while (inits.length > f.initHeight) this.localInit[inits.pop()!] = 0;
    this.depth--;
    return f;
  }

  private labelTypes(f: Frame): readonly number[] {
    return f.kind === FRAME_LOOP ? f.start : f.end;
  }

  private setUnreachable(): void {
    const f = this.frames[this.depth]!;
    this.vals.length = f.height;
    f.unreachable = true;
  }

  private label(l: ImmValue | undefined): Frame {
    if (typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l > this.depth) throw this.fail(`unknown label ${String(l)}`);
    return this.frames[this.depth - l]!;
  }

  // --- immediates and context lookups -----------------------------------------------------------

  private idx(ins: Instr, k: number): number {
    const v = ins.imm[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw this.fail('malformed immediate', `immediate ${k}`);
    return v;
  }

  private typeDef(x: number, kind: number, what: string): CanonDef {
    const typeIds = this.ctx.typeIds;
    if (x >= typeIds.length) throw this.fail(`unknown type ${x}`);
    const d = this.ctx.canon.def(typeIds[x]!);
    if (d === undefined || d.kind !== kind) throw this.fail('type mismatch', `type ${x} is not a ${what} type`);
    return d;
  }

  private funcIdx(x: number): number {
    const ids = this.ctx.funcTypeIds;
    if (x >= ids.length) throw this.fail(`unknown function ${x}`);
    return ids[x]!;
  }

  private tableElem(x: number): number {
    const t = this.ctx.tableElems;
    if (x >= t.length) throw this.fail(`unknown table ${x}`);
    return t[x]!;
  }

  private elemType(x: number): number {
    const t = this.ctx.elemTypes;
    if (x >= t.length) throw this.fail(`unknown elem segment ${x}`);
    return t[x]!;
  }

  private dataSegment(x: number): void {
    if (!this.ctx.hasDataCount) throw this.fail('data count section required');
    if (x >= this.ctx.dataCount) throw this.fail(`unknown data segment ${x}`);
  }

  private requireMemory(): void {
    if (this.ctx.memCount === 0) throw this.fail('unknown memory 0');
  }

  private localType(x: number): number {
    if (x >= this.locals.length) throw this.fail(`unknown local ${x}`);
    return this.locals[x]!;
  }

  private setLocalInit(x: number): void {
    if (this.localInit[x] === 0) {
      this.localInit[x] = 1;
      this.inits.push(x);
    }
  }

  private valType(t: unknown): number {
    const c = encodeValType(t, this.ctx.typeIds);
    if (c < 0) throw this.fail(badTypeReason(t));
    return c;
  }

  private refType(t: unknown): number {
    const c = encodeRefType(t, this.ctx.typeIds);
    if (c < 0) throw this.fail(badTypeReason(t));
    return c;
  }

  private heapType(h: unknown): number {
    const c = encodeHeapType(h, this.ctx.typeIds);
    if (Number.isNaN(c)) throw this.fail(badTypeReason(h));
    return c;
  }

  private valueBlock(t: number): readonly number[] {
    let a = this.valueBlockTypes.get(t);
    if (a === undefined) {
      a = [t];
      this.valueBlockTypes.set(t, a);
    }
    return a;
  }

  /** Spec 3.2.x block types: sets btIn / btOut. */
  private blockType(bt: ImmValue | undefined): void {
    if (bt === null || typeof bt !== 'object' || !('kind' in bt)) throw this.fail('malformed immediate', 'block type');
    const b = bt as BlockType;
    switch (b.kind) {
      case 'empty':
        this.btIn = EMPTY;
        this.btOut = EMPTY;
        return;
      case 'value':
        this.btIn = EMPTY;
        this.btOut = this.valueBlock(this.valType(b.type));
        return;
      case 'index': {
        const x = b.index;
        if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw this.fail('malformed immediate', 'block type');
        const d = this.typeDef(x, KIND_FUNC, 'function');
        this.btIn = d.params;
        this.btOut = d.results;
        return;
      }
      default:
        throw this.fail('malformed immediate', 'block type');
    }
  }

  private sub(a: number, b: number): boolean {
    return a === b || isSubValCode(this.ctx.canon, a, b);
  }

  /** Pops n values of type t (array.new_fixed); bounded by the stack, whatever n is. */
  private popN(t: number, n: number): void {
    const f = this.frames[this.depth]!;
    const avail = this.vals.length - f.height;
    if (n > avail) {
      if (!f.unreachable) throw this.fail('type mismatch', `expected ${n} operands, the operand stack has ${avail}`);
      n = avail;
    }
    for (let k = 0; k < n; k++) this.pop(t);
  }

  // --- instructions -------------------------------------------------------------------------

  private instr(ins: Instr, info: OpInfo): void {
    const vals = this.vals;
    const canon = this.ctx.canon;
    switch (info.rule) {
      // Typed by the opcode table's `sig` (after immediate checks).
      case Rule.Sig:
        break;
      case Rule.MemArg: {
        this.requireMemory();
        const m = ins.imm[0] as MemArg | undefined;
        if (m === null || typeof m !== 'object' || typeof m.align !== 'number') throw this.fail('malformed immediate', 'memarg');
        // Spec 3.3.7: 2^align <= natural width, then (32-bit memory) offset < 2^32.
        if (!(m.align >= 0 && 2 ** m.align <= info.naturalBytes)) throw this.fail('alignment must not be larger than natural');
        if (!(m.offset >= 0 && m.offset <= 0xffffffff)) throw this.fail('offset out of range');
        break;
      }
      case Rule.Mem0:
        this.requireMemory();
        break;
      case Rule.MemoryInit:
        this.requireMemory();
        this.dataSegment(this.idx(ins, 0));
        break;
      case Rule.DataDrop:
        this.dataSegment(this.idx(ins, 0));
        break;

      // Control instructions (spec 3.3.8).
      case Rule.Unreachable:
        this.setUnreachable();
        return;
      case Rule.Nop:
        return;
      case Rule.Block:
      case Rule.Loop:
        this.blockType(ins.imm[0]);
        this.popVals(this.btIn);
        this.pushCtrl(info.rule === Rule.Block ? FRAME_BLOCK : FRAME_LOOP, this.btIn, this.btOut, this.pc);
        return;
      case Rule.If:
        this.blockType(ins.imm[0]);
        this.pop(VT_I32);
        this.popVals(this.btIn);
        this.pushCtrl(FRAME_IF, this.btIn, this.btOut, this.pc);
        return;
      case Rule.Else: {
        const f = this.frames[this.depth]!;
        if (this.depth === 0 || f.kind !== FRAME_IF) throw this.fail('else without matching if');
        const start = f.start;
        const end = f.end;
        const startPc = f.startPc;
        this.popCtrl();
        this.pushCtrl(FRAME_ELSE, start, end, startPc);
        this.frames[this.depth]!.elsePc = this.pc;
        if (this.sink !== undefined) this.sink.matchElse[startPc] = this.pc;
        return;
      }
      case Rule.End: {
        if (this.depth === 0) throw this.fail('unexpected end');
        const f = this.popCtrl();
        if (f.kind === FRAME_IF) {
          // An `if` without `else` has an implicit empty else branch: [t1*] -> [t2*] needs t1* <: t2*.
          const a = f.start;
          const b = f.end;
          if (a.length !== b.length) throw this.fail('type mismatch', 'if without else must not change the operand types');
          for (let i = 0; i < a.length; i++) if (!this.sub(a[i]!, b[i]!)) throw this.fail('type mismatch', 'if without else must not change the operand types');
        }
        if (this.sink !== undefined) {
          this.sink.matchEnd[f.startPc] = this.pc;
          if (f.elsePc >= 0) this.sink.matchEnd[f.elsePc] = this.pc;
        }
        this.pushVals(f.end);
        return;
      }
      // Exception handling (spec 3.3.8: throw, throw_ref, try_table).
      case Rule.Throw: {
        this.popVals(this.tagParams(this.idx(ins, 0)));
        this.setUnreachable();
        return;
      }
      case Rule.ThrowRef:
        this.pop(EXNREF);
        this.setUnreachable();
        return;
      case Rule.TryTable: {
        this.blockType(ins.imm[0]);
        const catches = ins.imm[1];
        if (!Array.isArray(catches)) throw this.fail('malformed immediate', 'catch clauses');
        for (const c of catches as readonly CatchClause[]) this.catchClause(c);
        this.popVals(this.btIn);
        this.pushCtrl(FRAME_BLOCK, this.btIn, this.btOut, this.pc);
        return;
      }
      case Rule.Br:
        this.popVals(this.labelTypes(this.label(ins.imm[0])));
        this.setUnreachable();
        return;
      case Rule.BrIf: {
        const lt = this.labelTypes(this.label(ins.imm[0]));
        this.pop(VT_I32);
        this.popVals(lt);
        this.pushVals(lt);
        return;
      }
      case Rule.BrTable: {
        const bt = ins.imm[0] as BrTableImm | undefined;
        if (bt === null || typeof bt !== 'object' || !Array.isArray(bt.labels)) throw this.fail('malformed immediate', 'br_table');
        this.pop(VT_I32);
        const dt = this.labelTypes(this.label(bt.defaultLabel));
        const arity = dt.length;
        const scratch = this.scratch;
        for (const l of bt.labels) {
          const lt = this.labelTypes(this.label(l));
          if (lt.length !== arity) throw this.fail('type mismatch', 'br_table targets have different arities');
          for (let i = arity - 1; i >= 0; i--) scratch[i] = this.pop(lt[i]!);
          for (let i = 0; i < arity; i++) vals.push(scratch[i]!);
        }
        this.popVals(dt);
        this.setUnreachable();
        return;
      }
      case Rule.Return:
        this.popVals(this.results);
        this.setUnreachable();
        return;
      case Rule.Call: {
        const d = canon.def(this.funcIdx(this.idx(ins, 0)))!;
        this.popVals(d.params);
        this.pushVals(d.results);
        return;
      }
      case Rule.CallIndirect: {
        const y = this.idx(ins, 0);
        const et = this.tableElem(this.idx(ins, 1));
        if (!this.sub(et, FUNCREF)) throw this.fail('type mismatch', 'call_indirect needs a table of function references');
        const d = this.typeDef(y, KIND_FUNC, 'function');
        this.pop(VT_I32);
        this.popVals(d.params);
        this.pushVals(d.results);
        return;
      }
      case Rule.CallRef: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_FUNC, 'function');
        this.pop(refCode(this.ctx.typeIds[x]!, true));
        this.popVals(d.params);
        this.pushVals(d.results);
        return;
      }
      // Tail calls (spec 3.3.8 return_call*): typed as the call, whose results must match the function's; then unreachable.
      case Rule.ReturnCall:
      case Rule.ReturnCallIndirect:
      case Rule.ReturnCallRef: {
        let d: CanonDef;
        if (info.rule === Rule.ReturnCall) d = canon.def(this.funcIdx(this.idx(ins, 0)))!;
        else if (info.rule === Rule.ReturnCallRef) {
          const x = this.idx(ins, 0);
          d = this.typeDef(x, KIND_FUNC, 'function');
          this.pop(refCode(this.ctx.typeIds[x]!, true));
        } else {
          const y = this.idx(ins, 0);
          const et = this.tableElem(this.idx(ins, 1));
          if (!this.sub(et, FUNCREF)) throw this.fail('type mismatch', 'return_call_indirect needs a table of function references');
          d = this.typeDef(y, KIND_FUNC, 'function');
          this.pop(VT_I32);
        }
        const rs = this.results;
        if (d.results.length !== rs.length || d.results.some((t, i) => !this.sub(t, rs[i]!))) throw this.fail('type mismatch', 'tail call results do not match the function results');
        this.popVals(d.params);
        this.setUnreachable();
        return;
      }

      // Parametric instructions (spec 3.3.4).
      case Rule.Drop:
        this.popAny();
        return;
      case Rule.Select: {
        this.pop(VT_I32);
        const t1 = this.popAny();
        const t2 = this.popAny();
        if (!isNumCode(t1) || !isNumCode(t2)) throw this.fail('type mismatch', 'select without a type needs numeric operands');
        if (t1 !== t2 && t1 !== VT_BOT && t2 !== VT_BOT) throw this.fail('type mismatch', `select operands ${codeToString(t2)} and ${codeToString(t1)} differ`);
        vals.push(t1 === VT_BOT ? t2 : t1);
        return;
      }
      case Rule.SelectT: {
        const ts = ins.imm[0];
        if (!Array.isArray(ts)) throw this.fail('malformed immediate', 'select type');
        if (ts.length !== 1) throw this.fail('invalid result arity');
        const t = this.valType(ts[0]);
        this.pop(VT_I32);
        this.pop(t);
        this.pop(t);
        vals.push(t);
        return;
      }

      // Variable instructions (spec 3.3.5).
      case Rule.LocalGet: {
        const x = this.idx(ins, 0);
        const t = this.localType(x);
        if (this.localInit[x] === 0) throw this.fail('uninitialized local', `local ${x}`);
        vals.push(t);
        return;
      }
      case Rule.LocalSet: {
        const x = this.idx(ins, 0);
        this.pop(this.localType(x));
        this.setLocalInit(x);
        return;
      }
      case Rule.LocalTee: {
        const x = this.idx(ins, 0);
        const t = this.localType(x);
        this.pop(t);
        this.setLocalInit(x);
        vals.push(t);
        return;
      }
      case Rule.GlobalGet: {
        const x = this.idx(ins, 0);
        const visible = this.constGlobals >= 0 ? this.constGlobals : this.ctx.globalTypes.length;
        if (x >= visible) throw this.fail(`unknown global ${x}`);
        if (this.constGlobals >= 0 && this.ctx.globalMutable[x]) throw this.fail('constant expression required', `global ${x} is mutable`);
        vals.push(this.ctx.globalTypes[x]!);
        return;
      }
      case Rule.GlobalSet: {
        const x = this.idx(ins, 0);
        if (x >= this.ctx.globalTypes.length) throw this.fail(`unknown global ${x}`);
        if (!this.ctx.globalMutable[x]) throw this.fail('immutable global', `global ${x}`);
        this.pop(this.ctx.globalTypes[x]!);
        return;
      }

      // Table instructions (spec 3.3.6).
      case Rule.TableGet: {
        const t = this.tableElem(this.idx(ins, 0));
        this.pop(VT_I32);
        vals.push(t);
        return;
      }
      case Rule.TableSet: {
        const t = this.tableElem(this.idx(ins, 0));
        this.pop(t);
        this.pop(VT_I32);
        return;
      }
      case Rule.TableSize:
        this.tableElem(this.idx(ins, 0));
        vals.push(VT_I32);
        return;
      case Rule.TableGrow: {
        const t = this.tableElem(this.idx(ins, 0));
        this.pop(VT_I32);
        this.pop(t);
        vals.push(VT_I32);
        return;
      }
      case Rule.TableFill: {
        const t = this.tableElem(this.idx(ins, 0));
        this.pop(VT_I32);
        this.pop(t);
        this.pop(VT_I32);
        return;
      }
      case Rule.TableCopy: {
        const dst = this.tableElem(this.idx(ins, 0));
        const src = this.tableElem(this.idx(ins, 1));
        if (!this.sub(src, dst)) throw this.fail('type mismatch', 'source table element type does not match destination');
        this.popVals3I32();
        return;
      }
      case Rule.TableInit: {
        const tt = this.tableElem(this.idx(ins, 1));
        const et = this.elemType(this.idx(ins, 0));
        if (!this.sub(et, tt)) throw this.fail('type mismatch', "element segment type does not match the table's");
        this.popVals3I32();
        return;
      }
      case Rule.ElemDrop:
        this.elemType(this.idx(ins, 0));
        return;

      // Reference instructions (spec 3.3.2).
      case Rule.RefNull:
        vals.push(refCode(this.heapType(ins.imm[0]), true));
        return;
      case Rule.RefIsNull:
        this.popRef();
        vals.push(VT_I32);
        return;
      case Rule.RefAsNonNull:
        vals.push(refCode(refHeap(this.popRef()), false));
        return;
      case Rule.RefFunc: {
        const x = this.idx(ins, 0);
        const id = this.funcIdx(x);
        if (this.constGlobals < 0 && !this.ctx.refs.has(x)) throw this.fail('undeclared function reference', `function ${x}`);
        vals.push(refCode(id, false));
        return;
      }
      case Rule.RefEq:
        this.pop(EQREF);
        this.pop(EQREF);
        vals.push(VT_I32);
        return;
      case Rule.BrOnNull: {
        const r = this.popRef();
        const lt = this.labelTypes(this.label(ins.imm[0]));
        this.popVals(lt);
        this.pushVals(lt);
        vals.push(refCode(refHeap(r), false));
        return;
      }
      case Rule.BrOnNonNull: {
        const r = this.popRef();
        const lt = this.labelTypes(this.label(ins.imm[0]));
        const n = lt.length;
        if (n === 0) throw this.fail('type mismatch', 'br_on_non_null needs a label with a reference type');
        vals.push(refCode(refHeap(r), false));
        this.popVals(lt);
        for (let i = 0; i < n - 1; i++) vals.push(lt[i]!);
        return;
      }

      // Aggregate and cast instructions (spec 3.3.3).
      case Rule.StructNew: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_STRUCT, 'struct');
        for (let i = d.fields.length - 1; i >= 0; i--) this.pop(unpackCode(d.fields[i]!));
        vals.push(refCode(this.ctx.typeIds[x]!, false));
        return;
      }
      case Rule.StructNewDefault: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_STRUCT, 'struct');
        for (const f of d.fields) if (!isDefaultableCode(unpackCode(f))) throw this.fail('field type is not defaultable');
        vals.push(refCode(this.ctx.typeIds[x]!, false));
        return;
      }
      case Rule.StructGet:
      case Rule.StructGetS:
      case Rule.StructGetU: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_STRUCT, 'struct');
        const y = this.idx(ins, 1);
        if (y >= d.fields.length) throw this.fail(`unknown field ${y}`);
        const st = d.fields[y]!;
        const packed = isPackedCode(st);
        if (info.rule === Rule.StructGet && packed) throw this.fail('field is packed');
        if (info.rule !== Rule.StructGet && !packed) throw this.fail('field is unpacked');
        this.pop(refCode(this.ctx.typeIds[x]!, true));
        vals.push(unpackCode(st));
        return;
      }
      case Rule.StructSet: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_STRUCT, 'struct');
        const y = this.idx(ins, 1);
        if (y >= d.fields.length) throw this.fail(`unknown field ${y}`);
        if (!d.mutables[y]) throw this.fail('immutable field', `field ${y}`);
        this.pop(unpackCode(d.fields[y]!));
        this.pop(refCode(this.ctx.typeIds[x]!, true));
        return;
      }
      case Rule.ArrayNew: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_ARRAY, 'array');
        this.pop(VT_I32);
        this.pop(unpackCode(d.fields[0]!));
        vals.push(refCode(this.ctx.typeIds[x]!, false));
        return;
      }
      case Rule.ArrayNewDefault: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_ARRAY, 'array');
        if (!isDefaultableCode(unpackCode(d.fields[0]!))) throw this.fail('array type is not defaultable');
        this.pop(VT_I32);
        vals.push(refCode(this.ctx.typeIds[x]!, false));
        return;
      }
      case Rule.ArrayNewFixed: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_ARRAY, 'array');
        this.popN(unpackCode(d.fields[0]!), this.idx(ins, 1));
        vals.push(refCode(this.ctx.typeIds[x]!, false));
        return;
      }
      case Rule.ArrayNewData: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_ARRAY, 'array');
        if (!isNumCode(unpackCode(d.fields[0]!))) throw this.fail('array type is not numeric or vector');
        this.dataSegment(this.idx(ins, 1));
        this.pop(VT_I32);
        this.pop(VT_I32);
        vals.push(refCode(this.ctx.typeIds[x]!, false));
        return;
      }
      case Rule.ArrayNewElem: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_ARRAY, 'array');
        const et = this.elemType(this.idx(ins, 1));
        if (!this.sub(et, unpackCode(d.fields[0]!))) throw this.fail('type mismatch', "element segment type does not match the array's element type");
        this.pop(VT_I32);
        this.pop(VT_I32);
        vals.push(refCode(this.ctx.typeIds[x]!, false));
        return;
      }
      case Rule.ArrayGet:
      case Rule.ArrayGetS:
      case Rule.ArrayGetU: {
        const x = this.idx(ins, 0);
        const d = this.typeDef(x, KIND_ARRAY, 'array');
        const st = d.fields[0]!;
        const packed = isPackedCode(st);
        if (info.rule === Rule.ArrayGet && packed) throw this.fail('array is packed');
        if (info.rule !== Rule.ArrayGet && !packed) throw this.fail('array is unpacked');
        this.pop(VT_I32);
        this.pop(refCode(this.ctx.typeIds[x]!, true));
        vals.push(unpackCode(st));
        return;
      }
      case Rule.ArraySet: {
        const x = this.idx(ins, 0);
        const d = this.mutableArray(x);
        this.pop(unpackCode(d.fields[0]!));
        this.pop(VT_I32);
        this.pop(refCode(this.ctx.typeIds[x]!, true));
        return;
      }
      case Rule.ArrayLen:
        this.pop(ARRAYREF);
        vals.push(VT_I32);
        return;
      case Rule.ArrayFill: {
        const x = this.idx(ins, 0);
        const d = this.mutableArray(x);
        this.pop(VT_I32);
        this.pop(unpackCode(d.fields[0]!));
        this.pop(VT_I32);
        this.pop(refCode(this.ctx.typeIds[x]!, true));
        return;
      }
      case Rule.ArrayCopy: {
        const x = this.idx(ins, 0);
        const y = this.idx(ins, 1);
        const dd = this.mutableArray(x);
        const sd = this.typeDef(y, KIND_ARRAY, 'array');
        const dst = dd.fields[0]!;
        const src = sd.fields[0]!;
        const ok = isPackedCode(dst) || isPackedCode(src) ? dst === src : this.sub(src, dst);
        if (!ok) throw this.fail('type mismatch', 'array.copy source element type does not match destination');
        this.pop(VT_I32);
        this.pop(VT_I32);
        this.pop(refCode(this.ctx.typeIds[y]!, true));
        this.pop(VT_I32);
        this.pop(refCode(this.ctx.typeIds[x]!, true));
        return;
      }
      case Rule.ArrayInitData: {
        const x = this.idx(ins, 0);
        const d = this.mutableArray(x);
        if (!isNumCode(unpackCode(d.fields[0]!))) throw this.fail('array type is not numeric or vector');
        this.dataSegment(this.idx(ins, 1));
        this.popVals3I32();
        this.pop(refCode(this.ctx.typeIds[x]!, true));
        return;
      }
      case Rule.ArrayInitElem: {
        const x = this.idx(ins, 0);
        const d = this.mutableArray(x);
        const et = this.elemType(this.idx(ins, 1));
        if (!this.sub(et, unpackCode(d.fields[0]!))) throw this.fail('type mismatch', "element segment type does not match the array's element type");
        this.popVals3I32();
        this.pop(refCode(this.ctx.typeIds[x]!, true));
        return;
      }
      case Rule.RefTest:
      case Rule.RefTestNull:
      case Rule.RefCast:
      case Rule.RefCastNull: {
        const h = this.heapType(ins.imm[0]);
        this.pop(refCode(topHeapCode(canon, h), true));
        if (info.rule === Rule.RefTest || info.rule === Rule.RefTestNull) vals.push(VT_I32);
        else vals.push(refCode(h, info.rule === Rule.RefCastNull));
        return;
      }
      case Rule.BrOnCast:
      case Rule.BrOnCastFail: {
        const imm = ins.imm[0] as BrOnCastImm | undefined;
        if (imm === null || typeof imm !== 'object' || !('from' in imm)) throw this.fail('malformed immediate', 'br_on_cast');
        const rt1 = this.refType(imm.from);
        const rt2 = this.refType(imm.to);
        if (!this.sub(rt2, rt1)) throw this.fail('type mismatch', `cast target ${codeToString(rt2)} does not match source ${codeToString(rt1)}`);
        this.pop(rt1);
        const lt = this.labelTypes(this.label(imm.label));
        const n = lt.length;
        if (n === 0) throw this.fail('type mismatch', 'the label of a br_on_cast needs a reference type');
        // rt1 \ rt2 (spec 3.3.x "diff"): nullable only if rt1 is and rt2 is not.
        const diff = refCode(refHeap(rt1), refNullable(rt1) && !refNullable(rt2));
        const onBranch = info.rule === Rule.BrOnCast ? rt2 : diff;
        const onFall = info.rule === Rule.BrOnCast ? diff : rt2;
        if (!this.sub(onBranch, lt[n - 1]!)) throw this.fail('type mismatch', `label needs ${codeToString(lt[n - 1]!)}, branch gives ${codeToString(onBranch)}`);
        for (let i = n - 2; i >= 0; i--) this.pop(lt[i]!);
        for (let i = 0; i < n - 1; i++) vals.push(lt[i]!);
        vals.push(onFall);
        return;
      }
      case Rule.AnyConvertExtern: {
        const r = this.popRef();
        const h = refHeap(r);
        if (!isSubHeapCode(canon, h, HT_EXTERN)) throw this.fail('type mismatch', `expected an external reference, got ${codeToString(r)}`);
        vals.push(refCode(HT_ANY, refNullable(r)));
        return;
      }
      case Rule.ExternConvertAny: {
        const r = this.popRef();
        const h = refHeap(r);
        if (!isSubHeapCode(canon, h, HT_ANY)) throw this.fail('type mismatch', `expected an internal reference, got ${codeToString(r)}`);
        vals.push(refCode(HT_EXTERN, refNullable(r)));
        return;
      }
      case Rule.RefI31:
        this.pop(VT_I32);
        vals.push(refCode(HT_I31, false));
        return;
      case Rule.I31GetS:
      case Rule.I31GetU:
        this.pop(I31REF);
        vals.push(VT_I32);
        return;
      default:
        throw this.fail(`unsupported instruction ${info.entry.name}`);
    }
    // Sig-typed instructions (the checks above passed).
    this.popVals(info.sigIn);
    this.pushVals(info.sigOut);
  }

  /** The payload types of tag `x` (the params of its function type). */
  private tagParams(x: number): readonly number[] {
    const ids = this.ctx.tagTypeIds;
    if (x >= ids.length) throw this.fail(`unknown tag ${x}`);
    return this.ctx.canon.def(ids[x]!)!.params;
  }

  /** A try_table catch clause: the values it hands over must match its label's types (labels outside the try_table). */
  private catchClause(c: CatchClause): void {
    if (c === null || typeof c !== 'object') throw this.fail('malformed immediate', 'catch clause');
    const ts: number[] = [];
    if (c.kind === 'catch' || c.kind === 'catch_ref') {
      if (typeof c.tag !== 'number' || !Number.isInteger(c.tag) || c.tag < 0) throw this.fail('malformed immediate', 'catch tag');
      ts.push(...this.tagParams(c.tag));
    } else if (c.kind !== 'catch_all' && c.kind !== 'catch_all_ref') throw this.fail('malformed immediate', 'catch kind');
    if (c.kind === 'catch_ref' || c.kind === 'catch_all_ref') ts.push(EXN);
    const lt = this.labelTypes(this.label(c.label));
    if (lt.length !== ts.length) throw this.fail('type mismatch', `catch clause hands over ${ts.length} values, label ${c.label} takes ${lt.length}`);
    for (let i = 0; i < ts.length; i++) {
      if (!this.sub(ts[i]!, lt[i]!)) throw this.fail('type mismatch', `catch clause value ${i}: ${codeToString(ts[i]!)} is not a ${codeToString(lt[i]!)}`);
    }
  }

  private popVals3I32(): void {
    this.pop(VT_I32);
    this.pop(VT_I32);
    this.pop(VT_I32);
  }

  private mutableArray(x: number): CanonDef {
    const d = this.typeDef(x, KIND_ARRAY, 'array');
    if (!d.mutables[0]) throw this.fail('immutable array', `type ${x}`);
    return d;
  }
}
