import type { BlockType, FuncType, HeapType, StorageType, ValType } from '../../syntax/types';
import type { BrOnCastImm, BrTableImm, CatchClause, Instr, MemArg } from '../../syntax/instructions';
import type { FuncSideTable, ValidatedModule } from '../../validation/validatedModule';
import { canonicalHeapCode } from '../../validation/subtyping';
import { InvariantError } from '../../../errors/InvariantError';
import type { FuncInstance } from '../funcInstance';
import type { ModuleInstance } from '../moduleInstance';
import { ValKind, valKindOf } from '../valKind';
import { CompiledFunc } from './compiledFunc';
import { Op } from './op';
import { numericDispatch } from './numericDispatch';
import { f64ImmBits } from '../../syntax/f64Bits';

/**
 * Compiles one Wasm function body (spec 2.4 flat instruction list + the validator's FuncSideTable)
 * into interpreter code, once, on its first call. Structured control becomes jumps with
 * precomputed targets, arities and frame-relative stack heights (from `heightBefore`, so branches
 * never search the label stack at run time); unreachable code is not emitted; each safepoint gets
 * its stack map from `gcStackAt`.
 */
export function compileFunc(f: FuncInstance): CompiledFunc {
  const inst = f.module;
  if (inst === null) throw new InvariantError('compileFunc', `host function ${f.name} has no body`);
  return new FuncCompiler(f, inst).compile();
}

/** A label on the compiler's control stack (spec 3.4 "control frames"). */
interface Ctrl {
  readonly kind: 'block' | 'loop' | 'if' | 'func';
  /** Frame-relative slot where the label's values go: nlocals + operand height at the label. */
  readonly labelRel: number;
  /** Values a branch to this label carries (results, or params for a loop). */
  readonly arity: number;
  /** Loop: code offset of the loop start. */
  readonly start: number;
  /** Code offsets of branch targets to patch with this label's end. */
  readonly fixups: number[];
  /** `if`: offset of the IfFalse target word while no `else` has been seen, else -1. */
  elseFixup: number;
  /** try_table: code offset of its catch records and of its body, or -1. */
  tryRecords?: number;
  tryStart?: number;
}

class FuncCompiler {
  private readonly w: number[] = [];
  private readonly ctrl: Ctrl[] = [];
  private readonly i64Consts: bigint[] = [];
  /** Bit patterns of the f64 constants (never JS numbers in a plain array: V8 may canonicalise NaNs there). */
  private readonly f64Consts: bigint[] = [];
  private readonly rootMaps = new Map<number, Int32Array>();
  private readonly tryRegions: number[] = [];
  private readonly validated: ValidatedModule;
  private readonly side: FuncSideTable;
  private readonly nlocals: number;
  private readonly localKinds: Uint8Array;
  private readonly gcLocalSlots: number[] = [];

  constructor(
    private readonly f: FuncInstance,
    private readonly inst: ModuleInstance,
  ) {
    this.validated = inst.validated;
    const st = (this.side = this.validated.funcs[f.defIndex]!);
    this.nlocals = st.locals.length;
    this.localKinds = new Uint8Array(st.locals.length);
    for (let i = 0; i < st.locals.length; i++) {
      this.localKinds[i] = this.kindOf(st.locals[i]!);
      if (st.gcLocals[i] === 1) this.gcLocalSlots.push(i);
    }
  }

  /** ValKind of a module-relative value type. */
  private kindOf(t: ValType): ValKind {
    return valKindOf(t, (h) => this.validated.types[h]?.composite.kind === 'func');
  }

  private funcType(typeIndex: number): FuncType {
    const c = this.validated.types[typeIndex]?.composite;
    if (c === undefined || c.kind !== 'func') throw new InvariantError('compileFunc', `type ${typeIndex} is not a function type`);
    return c;
  }

  private blockArity(bt: BlockType): [number, number] {
    switch (bt.kind) {
      case 'empty': return [0, 0];
      case 'value': return [0, 1];
      case 'index': {
        const ft = this.funcType(bt.index);
        return [ft.params.length, ft.results.length];
      }
    }
  }

  private fieldStorage(typeIndex: number, field: number): StorageType {
    const c = this.validated.types[typeIndex]?.composite;
    if (c === undefined || c.kind !== 'struct') throw new InvariantError('compileFunc', `type ${typeIndex} is not a struct type`);
    return c.fields[field]!.storage;
  }

  private elemStorage(typeIndex: number): StorageType {
    const c = this.validated.types[typeIndex]?.composite;
    if (c === undefined || c.kind !== 'array') throw new InvariantError('compileFunc', `type ${typeIndex} is not an array type`);
    return c.element.storage;
  }

  /** The lane/barrier class of a storage type: packed and numbers as ValKinds, refs by hierarchy. */
  private storageKind(s: StorageType): ValKind {
    return s === 'i8' || s === 'i16' ? ValKind.I32 : this.kindOf(s);
  }

  private typeId(typeIndex: number): number {
    return this.validated.typeIds[typeIndex]!;
  }

  private heapCode(h: HeapType): number {
    return canonicalHeapCode(typeof h === 'number' ? this.typeId(h) : h);
  }

  private emit(...words: number[]): void {
    for (const x of words) this.w.push(x | 0);
  }

  /** Emit the branch-target word of label `c`, registering it for patching when forward. */
  private target(c: Ctrl): void {
    if (c.kind === 'loop') this.w.push(c.start);
    else {
      c.fixups.push(this.w.length);
      this.w.push(-1);
    }
  }

  private label(l: number): Ctrl {
    const c = this.ctrl[this.ctrl.length - 1 - l];
    if (c === undefined) throw new InvariantError('compileFunc', `unknown label ${l}`);
    return c;
  }

  /** `[target, dstRel, n]` of a branch to label `l`. */
  private branchImm(l: number): void {
    const c = this.label(l);
    this.target(c);
    this.w.push(c.labelRel, c.arity);
  }

  /** Record the stack map of safepoint `i` at the current code offset (just after the instruction). */
  private safepoint(i: number, h: number, exclude: number): void {
    const mask = this.side.gcStackAt.get(i);
    if (mask === undefined) throw new InvariantError('compileFunc', `no stack map for safepoint instruction ${i} of ${this.f.name}`);
    const slots = this.gcLocalSlots.slice();
    const top = h - exclude;
    for (let j = 0; j < top; j++) if (mask[j] === 1) slots.push(this.nlocals + j);
    this.rootMaps.set(this.w.length, Int32Array.from(slots));
  }

  compile(): CompiledFunc {
    const st = this.side;
    const body = this.validated.module.funcs[this.f.defIndex]!.body;
    const ft = this.f.type;
    this.ctrl.push({ kind: 'func', labelRel: this.nlocals, arity: ft.results.length, start: 0, fixups: [], elseFixup: -1 });
    for (let i = 0; i < body.length; i++) this.instr(body[i]!, i, st.heightBefore[i]!);
    const fn = this.ctrl.pop()!;
    for (const p of fn.fixups) this.w[p] = this.w.length;
    this.emit(Op.Return);

    const i64Locals: number[] = [];
    for (let i = ft.params.length; i < this.nlocals; i++) if (this.localKinds[i] === ValKind.I64) i64Locals.push(i);
    const entryRoots = Int32Array.from(this.gcLocalSlots);
    this.rootMaps.set(0, entryRoots);
    return new CompiledFunc(
      this.f,
      this.inst,
      Int32Array.from(this.w),
      ft.params.length,
      this.nlocals,
      ft.results.length,
      this.nlocals + st.maxHeight + 1,
      Int32Array.from(i64Locals),
      this.i64Consts,
      new Float64Array(BigUint64Array.from(this.f64Consts).buffer),
      this.rootMaps,
      entryRoots,
      Int32Array.from(this.tryRegions),
    );
  }

  private instr(ins: Instr, i: number, h: number): void {
    const op = ins.op;
    const imm = ins.imm;
    // Structure is tracked even in unreachable code; nothing else is emitted there.
    switch (op) {
      case 'block':
      case 'loop': {
        const [np, nr] = h < 0 ? [0, 0] : this.blockArity(imm[0] as BlockType);
        const isLoop = op === 'loop';
        this.ctrl.push({ kind: isLoop ? 'loop' : 'block', labelRel: this.nlocals + h - np, arity: isLoop ? np : nr, start: this.w.length, fixups: [], elseFixup: -1 });
        return;
      }
      case 'if': {
        const [np, nr] = h < 0 ? [0, 0] : this.blockArity(imm[0] as BlockType);
        let elseFixup = -1;
        if (h >= 0) {
          this.emit(Op.IfFalse);
          elseFixup = this.w.length;
          this.w.push(-1);
        }
        this.ctrl.push({ kind: 'if', labelRel: this.nlocals + h - 1 - np, arity: nr, start: 0, fixups: [], elseFixup });
        return;
      }
      case 'else': {
        const c = this.ctrl[this.ctrl.length - 1]!;
        if (h >= 0) {
          this.emit(Op.Jump);
          this.target(c);
        }
        if (c.elseFixup >= 0) this.w[c.elseFixup] = this.w.length;
        c.elseFixup = -1;
        return;
      }
      case 'try_table': {
        const [np, nr] = h < 0 ? [0, 0] : this.blockArity(imm[0] as BlockType);
        let tryRecords = -1;
        if (h >= 0) {
          // Catch labels are resolved outside the try_table (spec 3.3.8), so before its label is pushed.
          const catches = imm[1] as readonly CatchClause[];
          this.emit(Op.TryTable);
          const skip = this.w.length;
          this.w.push(-1);
          tryRecords = this.w.length;
          this.w.push(catches.length);
          for (const c of catches) {
            this.w.push(CATCH_KIND[c.kind], c.tag ?? -1);
            this.branchImm(c.label);
          }
          this.w[skip] = this.w.length;
        }
        this.ctrl.push({ kind: 'block', labelRel: this.nlocals + h - np, arity: nr, start: this.w.length, fixups: [], elseFixup: -1, tryRecords, tryStart: this.w.length });
        return;
      }
      case 'end': {
        const c = this.ctrl.pop()!;
        if (c.tryRecords !== undefined && c.tryRecords >= 0) this.tryRegions.push(c.tryStart!, this.w.length, c.tryRecords);
        if (c.elseFixup >= 0) this.w[c.elseFixup] = this.w.length;
        for (const p of c.fixups) this.w[p] = this.w.length;
        return;
      }
    }
    if (h < 0) return;
    switch (op) {
      case 'unreachable': this.emit(Op.Unreachable); return;
      case 'nop': return;
      case 'br': {
        const c = this.label(imm[0] as number);
        if (c.kind === 'func') {
          this.emit(Op.Return);
        } else if (h - c.arity === c.labelRel - this.nlocals) {
          this.emit(Op.Jump);
          this.target(c);
        } else {
          this.emit(Op.Br);
          this.branchImm(imm[0] as number);
        }
        return;
      }
      case 'br_if': this.emit(Op.BrIf); this.branchImm(imm[0] as number); return;
      case 'br_table': {
        const bt = imm[0] as BrTableImm;
        this.emit(Op.BrTable, bt.labels.length);
        for (const l of [...bt.labels, bt.defaultLabel]) this.branchImm(l);
        return;
      }
      case 'return': this.emit(Op.Return); return;
      case 'throw': this.emit(Op.Throw, imm[0] as number); this.safepoint(i, h, 0); return;
      case 'throw_ref': this.emit(Op.ThrowRef); return;
      case 'call':
      case 'return_call': {
        const fi = imm[0] as number;
        this.emit(op === 'call' ? Op.Call : Op.ReturnCall, fi);
        this.safepoint(i, h, this.funcType(this.validated.funcTypeIndices[fi]!).params.length);
        return;
      }
      case 'call_indirect':
      case 'return_call_indirect': {
        const ti = imm[0] as number;
        this.emit(op === 'call_indirect' ? Op.CallIndirect : Op.ReturnCallIndirect, this.typeId(ti), imm[1] as number);
        this.safepoint(i, h, this.funcType(ti).params.length + 1);
        return;
      }
      case 'call_ref':
      case 'return_call_ref': {
        this.emit(op === 'call_ref' ? Op.CallRef : Op.ReturnCallRef);
        this.safepoint(i, h, this.funcType(imm[0] as number).params.length + 1);
        return;
      }
      case 'br_on_null': this.emit(Op.BrOnNull); this.branchImm(imm[0] as number); return;
      case 'br_on_non_null': this.emit(Op.BrOnNonNull); this.branchImm(imm[0] as number); return;
      case 'br_on_cast':
      case 'br_on_cast_fail': {
        const b = imm[0] as BrOnCastImm;
        this.emit(op === 'br_on_cast' ? Op.BrOnCast : Op.BrOnCastFail);
        this.branchImm(b.label);
        this.emit(this.heapCode(b.to.heap), b.to.nullable ? 1 : 0);
        return;
      }
      case 'drop': this.emit(Op.Drop); return;
      case 'select': this.emit(Op.SelectAny); return;
      case 'select t': {
        const ts = imm[0] as readonly ValType[];
        this.emit(ts[0] === 'i64' ? Op.SelectI64 : Op.Select);
        return;
      }
      case 'local.get':
      case 'local.set':
      case 'local.tee': {
        const x = imm[0] as number;
        const isI64 = this.localKinds[x] === ValKind.I64;
        const o = op === 'local.get' ? (isI64 ? Op.LocalGetI64 : Op.LocalGet) : op === 'local.set' ? (isI64 ? Op.LocalSetI64 : Op.LocalSet) : isI64 ? Op.LocalTeeI64 : Op.LocalTee;
        this.emit(o, x);
        return;
      }
      case 'global.get':
      case 'global.set': {
        const x = imm[0] as number;
        const k = this.kindOf(this.validated.globalTypes[x]!.type);
        const get = op === 'global.get';
        const o = k === ValKind.I64 ? (get ? Op.GlobalGetI64 : Op.GlobalSetI64) : k === ValKind.GcRef ? (get ? Op.GlobalGetRef : Op.GlobalSetRef) : get ? Op.GlobalGet : Op.GlobalSet;
        this.emit(o, x);
        return;
      }
      case 'table.get': this.emit(Op.TableGet, imm[0] as number); return;
      case 'table.set': this.emit(Op.TableSet, imm[0] as number); return;
      case 'table.size': this.emit(Op.TableSize, imm[0] as number); return;
      case 'table.grow': this.emit(Op.TableGrow, imm[0] as number); return;
      case 'table.fill': this.emit(Op.TableFill, imm[0] as number); return;
      case 'table.copy': this.emit(Op.TableCopy, imm[0] as number, imm[1] as number); return;
      case 'table.init': this.emit(Op.TableInit, imm[0] as number, imm[1] as number); return;
      case 'elem.drop': this.emit(Op.ElemDrop, imm[0] as number); return;
      case 'memory.size': this.emit(Op.MemorySize); return;
      case 'memory.grow': this.emit(Op.MemoryGrow); return;
      case 'memory.fill': this.emit(Op.MemoryFill); return;
      case 'memory.copy': this.emit(Op.MemoryCopy); return;
      case 'memory.init': this.emit(Op.MemoryInit, imm[0] as number); return;
      case 'data.drop': this.emit(Op.DataDrop, imm[0] as number); return;
      case 'i32.const': this.emit(Op.I32Const, imm[0] as number); return;
      case 'i64.const': this.i64Consts.push(imm[0] as bigint); this.emit(Op.I64Const, this.i64Consts.length - 1); return;
      case 'f32.const': this.emit(Op.F32Const, imm[0] as number); return;
      case 'f64.const': this.f64Consts.push(f64ImmBits(imm[0]!)); this.emit(Op.F64Const, this.f64Consts.length - 1); return;
      case 'ref.null': this.emit(Op.RefNull); return;
      case 'ref.is_null': this.emit(Op.RefIsNull); return;
      case 'ref.func': this.emit(Op.RefFunc, imm[0] as number); return;
      case 'ref.eq': this.emit(Op.RefEq); return;
      case 'ref.as_non_null': this.emit(Op.RefAsNonNull); return;
      case 'ref.test':
      case 'ref.test null':
      case 'ref.cast':
      case 'ref.cast null': {
        const o = op.startsWith('ref.test') ? Op.RefTest : Op.RefCast;
        this.emit(o, this.heapCode(imm[0] as HeapType), op.endsWith(' null') ? 1 : 0);
        return;
      }
      case 'any.convert_extern':
      case 'extern.convert_any':
        return; // Same GcRef either way (spec 4.4.7: internalize/externalize change only the type).
      case 'ref.i31': this.emit(Op.RefI31); return;
      case 'i31.get_s': this.emit(Op.I31GetS); return;
      case 'i31.get_u': this.emit(Op.I31GetU); return;
      case 'struct.new': this.emit(Op.StructNew, this.typeId(imm[0] as number)); this.safepoint(i, h, 0); return;
      case 'struct.new_default': this.emit(Op.StructNewDefault, this.typeId(imm[0] as number)); this.safepoint(i, h, 0); return;
      case 'struct.get':
      case 'struct.get_s':
      case 'struct.get_u': {
        const s = this.fieldStorage(imm[0] as number, imm[1] as number);
        const k = this.storageKind(s);
        const o = op === 'struct.get_s' ? Op.StructGetS : op === 'struct.get_u' ? Op.StructGetU : k === ValKind.I64 ? Op.StructGetI64 : k === ValKind.GcRef ? Op.StructGetRef : Op.StructGet;
        this.emit(o, imm[1] as number);
        return;
      }
      case 'struct.set': {
        const k = this.storageKind(this.fieldStorage(imm[0] as number, imm[1] as number));
        this.emit(k === ValKind.I64 ? Op.StructSetI64 : Op.StructSet, imm[1] as number);
        return;
      }
      case 'array.new': {
        const k = this.storageKind(this.elemStorage(imm[0] as number));
        this.emit(k === ValKind.I64 ? Op.ArrayNewI64 : Op.ArrayNew, this.typeId(imm[0] as number));
        this.safepoint(i, h, 0);
        return;
      }
      case 'array.new_default': this.emit(Op.ArrayNewDefault, this.typeId(imm[0] as number)); this.safepoint(i, h, 0); return;
      case 'array.new_fixed': {
        const k = this.storageKind(this.elemStorage(imm[0] as number));
        this.emit(Op.ArrayNewFixed, this.typeId(imm[0] as number), imm[1] as number, k === ValKind.I64 ? 1 : 0);
        this.safepoint(i, h, 0);
        return;
      }
      case 'array.new_data': this.emit(Op.ArrayNewData, this.typeId(imm[0] as number), imm[1] as number); this.safepoint(i, h, 0); return;
      case 'array.new_elem': this.emit(Op.ArrayNewElem, this.typeId(imm[0] as number), imm[1] as number); this.safepoint(i, h, 0); return;
      case 'array.get':
      case 'array.get_s':
      case 'array.get_u': {
        const k = this.storageKind(this.elemStorage(imm[0] as number));
        this.emit(op === 'array.get_s' ? Op.ArrayGetS : op === 'array.get_u' ? Op.ArrayGetU : k === ValKind.I64 ? Op.ArrayGetI64 : k === ValKind.GcRef ? Op.ArrayGetRef : Op.ArrayGet);
        return;
      }
      case 'array.set': {
        const k = this.storageKind(this.elemStorage(imm[0] as number));
        this.emit(k === ValKind.I64 ? Op.ArraySetI64 : Op.ArraySet);
        return;
      }
      case 'array.len': this.emit(Op.ArrayLen); return;
      case 'array.fill': {
        const k = this.storageKind(this.elemStorage(imm[0] as number));
        this.emit(k === ValKind.I64 ? Op.ArrayFillI64 : Op.ArrayFill);
        return;
      }
      case 'array.copy': this.emit(Op.ArrayCopy); return;
      case 'array.init_data': this.emit(Op.ArrayInitData, this.typeId(imm[0] as number), imm[1] as number); return;
      case 'array.init_elem': this.emit(Op.ArrayInitElem, imm[1] as number); return;
    }
    const inline = INLINE_NUMERIC.get(op);
    if (inline !== undefined) {
      this.emit(inline);
      return;
    }
    const memOp = MEMORY_ACCESS.get(op);
    if (memOp !== undefined) {
      this.emit(memOp, (imm[0] as MemArg).offset);
      return;
    }
    const nd = numericDispatch(op);
    if (nd !== undefined) {
      this.emit(nd.op, nd.index);
      return;
    }
    throw new InvariantError('compileFunc', `unsupported instruction ${op}`);
  }
}

const CATCH_KIND = { catch: 0, catch_ref: 1, catch_all: 2, catch_all_ref: 3 } as const;

/** i32 operators the interpreter runs inline (their semantics are plain JS int32 arithmetic). */
const INLINE_NUMERIC: ReadonlyMap<string, Op> = new Map([
  ['i32.eqz', Op.I32Eqz], ['i32.eq', Op.I32Eq], ['i32.ne', Op.I32Ne], ['i32.lt_s', Op.I32LtS], ['i32.lt_u', Op.I32LtU],
  ['i32.gt_s', Op.I32GtS], ['i32.gt_u', Op.I32GtU], ['i32.le_s', Op.I32LeS], ['i32.le_u', Op.I32LeU], ['i32.ge_s', Op.I32GeS],
  ['i32.ge_u', Op.I32GeU], ['i32.add', Op.I32Add], ['i32.sub', Op.I32Sub], ['i32.mul', Op.I32Mul], ['i32.and', Op.I32And],
  ['i32.or', Op.I32Or], ['i32.xor', Op.I32Xor], ['i32.shl', Op.I32Shl], ['i32.shr_s', Op.I32ShrS], ['i32.shr_u', Op.I32ShrU],
]);

const MEMORY_ACCESS: ReadonlyMap<string, Op> = new Map([
  ['i32.load', Op.I32Load], ['i64.load', Op.I64Load], ['f32.load', Op.F32Load], ['f64.load', Op.F64Load],
  ['i32.load8_s', Op.I32Load8S], ['i32.load8_u', Op.I32Load8U], ['i32.load16_s', Op.I32Load16S], ['i32.load16_u', Op.I32Load16U],
  ['i64.load8_s', Op.I64Load8S], ['i64.load8_u', Op.I64Load8U], ['i64.load16_s', Op.I64Load16S], ['i64.load16_u', Op.I64Load16U],
  ['i64.load32_s', Op.I64Load32S], ['i64.load32_u', Op.I64Load32U],
  ['i32.store', Op.I32Store], ['i64.store', Op.I64Store], ['f32.store', Op.F32Store], ['f64.store', Op.F64Store],
  ['i32.store8', Op.I32Store8], ['i32.store16', Op.I32Store16], ['i64.store8', Op.I64Store8], ['i64.store16', Op.I64Store16],
  ['i64.store32', Op.I64Store32],
]);

