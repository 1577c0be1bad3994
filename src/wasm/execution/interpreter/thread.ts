import type { Handle } from '../../../runtime/store';
import type { GcRootsList } from '../../../runtime/gcRootsList';
import { isHeapRef, refI31 } from '../../../runtime/gcRef';
import { InvariantError } from '../../../errors/InvariantError';
import type { FuncInstance } from '../funcInstance';
import { hostValueArray, type HostValue } from '../hostFunc';
import type { MemInstance } from '../memInstance';
import type { WasmStore } from '../wasmStore';
import { ValKind } from '../valKind';
import { refTest } from '../refTest';
import { registryTypes } from '../../validation/subtyping';
import type { CompiledFunc } from './compiledFunc';
import { compileFunc } from './compileFunc';
import { Op } from './op';
import { BIN_BB, BIN_BB_N, BIN_NN, UN_BB, UN_BN, UN_NB, UN_NN } from './numericDispatch';
import {
  arrayCopy, arrayFill, arrayInitData, arrayInitElem, arrayNew, arrayNewData, arrayNewDefault, arrayNewElem,
  arrayNewFixed, structNew, structNewDefault,
} from './gcOps';
import { tableCopy, tableFill, tableInit } from './tableOps';
import { matchCatch, throwNew } from './exnOps';
import { WasmException } from '../wasmException';
import { memoryCopy, memoryFill, memoryInit } from './memoryOps';
import {
  trapArrayOob, trapCastFailure, trapIndirectMismatch, trapMemoryOob, trapNullArray, trapNullFunc, trapNullI31,
  trapNullExn, trapNullRef, trapNullStruct, trapOutOfFuel, trapStackExhausted, trapTableOob, trapUndefinedElement,
  trapUninitializedElement, trapUnreachable,
} from './traps';

const INITIAL_STACK = 1 << 12;
const EMPTY_VIEW = new DataView(new ArrayBuffer(0));

function memOf(mems: readonly MemInstance[]): DataView {
  return mems.length > 0 ? mems[0]!.view : EMPTY_VIEW;
}

/**
 * The interpreter (spec 4.4 execution, 4.5.5 invocation): one Wasm stack per WasmStore, shared by
 * nested invocations (host -> Wasm -> host -> Wasm). The stack has two lanes indexed alike: `num`
 * (a Float64Array: i32, f32 bits, f64, function ids, GcRefs) and `big` (i64 bigints). A frame is
 * `[locals | operand stack]` from its frame pointer; frames are tracked in `frameCf`/`frameFp`/
 * `framePc`, index 0 outermost.
 *
 * The thread is the GC runtime's mutator. It registers one root provider that walks every live
 * frame innermost first (frameDepth 0 = innermost) and reports, per the stack map of the
 * safepoint the frame is at (`framePc`: the code offset after a call or allocation, or 0 at
 * entry), each GC-ref slot of `num` with `addWasmStackRoot` — so a moving collector rewrites the
 * stack in place. GC happens only at safepoints (allocations, calls, entering Wasm); no GcRef is
 * kept in a JS variable across one.
 */
export class Thread {
  num: Float64Array = new Float64Array(INITIAL_STACK);
  big: bigint[] = new Array<bigint>(INITIAL_STACK).fill(0n);
  /** First free stack slot while no frame runs, or the top of the calling frame during a host call. */
  sp = 0;
  /** Active frames. */
  depth = 0;
  /** Remaining fuel of the current top-level invocation. */
  fuel = 0;
  /** Instructions executed by top-level invocations so far (fuel consumed), for benchmarks. */
  executed = 0;
  private readonly frameCf: CompiledFunc[] = [];
  private readonly frameFp: Int32Array;
  private readonly framePc: Int32Array;
  /** Nesting of `invoke`s in progress (0: none, so the next one is top-level). */
  private active = 0;

  constructor(private readonly ws: WasmStore) {
    this.frameFp = new Int32Array(ws.maxCallDepth + 1);
    this.framePc = new Int32Array(ws.maxCallDepth + 1);
    ws.store.addRootProvider((roots) => this.provideRoots(roots));
  }

  /** The stack-root provider: every GC-ref slot of every live frame, innermost first. */
  private provideRoots(roots: GcRootsList): void {
    const num = this.num;
    const top = this.depth - 1;
    for (let d = top; d >= 0; d--) {
      const cf = this.frameCf[d]!;
      const fp = this.frameFp[d]!;
      const map = cf.rootMaps.get(this.framePc[d]!);
      if (map === undefined) throw new InvariantError('stack map', `GC in ${cf.func.name} at code offset ${this.framePc[d]}, which is not a safepoint`);
      for (let k = 0; k < map.length; k++) {
        const slot = fp + map[k]!;
        if (isHeapRef(num[slot]!)) roots.addWasmStackRoot(num, slot, top - d);
      }
    }
  }

  private ensureStack(needed: number): void {
    if (needed <= this.num.length) return;
    const size = Math.max(needed, this.num.length * 2);
    const num = new Float64Array(size);
    num.set(this.num);
    this.num = num;
    const big = this.big;
    for (let i = big.length; i < size; i++) big.push(0n);
  }

  /**
   * Spec 4.5.5 invocation of `f` with host arguments. GC-ref arguments are Handles, rooted by the
   * caller BEFORE the call (CVE-2021-39216); `store.enterWasm` may collect once for all of them
   * (Wasmtime's fix of that CVE: room on the stack-roots list for every ref first) while only their
   * handles hold them, then each is read from its handle (after the collection: a moving collector
   * may have moved it), exposed to Wasm (`readBarrierToWasm`) and copied into the new frame, which
   * becomes a root only once every argument is in it. Copying them in before the collection made
   * them Wasm stack roots that were not yet on DRC's stack-roots list (regression
   * drc-unlisted-arg-stack-root).
   * Results that are GC refs come back as new scoped handles in the caller's innermost scope.
   * A top-level invocation (not from inside a host call) starts with `fuel` (default: the store's).
   */
  invoke(f: FuncInstance, args: readonly HostValue[], fuel?: number): HostValue[] {
    const ws = this.ws;
    if (args.length !== f.paramKinds.length) throw new InvariantError('invoke', `${f.name} expects ${f.paramKinds.length} arguments, got ${args.length}`);
    const topLevel = this.active === 0;
    if (topLevel) this.fuel = fuel ?? ws.fuel;
    const startFuel = this.fuel;
    if (f.host !== null) return this.invokeHost(f, args);
    const cf = f.compiled ?? (f.compiled = compileFunc(f));
    const base = this.sp;
    const entryDepth = this.depth;
    if (entryDepth >= ws.maxCallDepth || this.active >= ws.maxReentry) throw trapStackExhausted();
    this.ensureStack(base + cf.frameSize);
    const store = ws.store;
    const num = this.num;
    const big = this.big;
    const kinds = f.paramKinds;
    let nGc = 0;
    for (let i = 0; i < kinds.length; i++) {
      const a = args[i];
      if (kinds[i] === ValKind.GcRef && a !== null && isHeapRef(store.get(a as Handle))) nGc++;
    }
    this.active++;
    try {
      if (nGc > 0) store.enterWasm(nGc);
      for (let i = 0; i < kinds.length; i++) this.fromHost(kinds[i]!, base + i, args[i]!);
      for (let i = base + cf.nparams; i < base + cf.nlocals; i++) num[i] = 0;
      for (let k = 0; k < cf.i64Locals.length; k++) big[base + cf.i64Locals[k]!] = 0n;
      this.frameCf[entryDepth] = cf;
      this.frameFp[entryDepth] = base;
      this.framePc[entryDepth] = 0;
      this.depth = entryDepth + 1;
      this.run(entryDepth);
      return this.resultsToHost(f.resultKinds, base);
    } finally {
      this.active--;
      this.depth = entryDepth;
      this.sp = base;
      if (topLevel) this.executed += startFuel - this.fuel;
    }
  }

  /** Results at `[base, ..)` as host values; GC refs rooted (cloned) in the current scope. */
  private resultsToHost(kinds: Uint8Array, base: number): HostValue[] {
    const out = hostValueArray(kinds.length);
    for (let i = 0; i < kinds.length; i++) out[i] = this.toHost(kinds[i]!, base + i);
    return out;
  }

  /** The inverse of `toHost`: writes host value `v` to `slot`; a GC ref is read from its handle and exposed to Wasm (`readBarrierToWasm`) first. */
  private fromHost(kind: number, slot: number, v: HostValue): void {
    switch (kind) {
      case ValKind.I64: this.big[slot] = BigInt.asIntN(64, v as bigint); break;
      case ValKind.I32: this.num[slot] = (v as number) | 0; break;
      case ValKind.F32: this.num[slot] = (v as number) >>> 0; break;
      case ValKind.F64: this.num[slot] = v as number; break;
      case ValKind.FuncRef: this.num[slot] = v === null ? 0 : (v as FuncInstance).id; break;
      default: {
        const r = v === null ? 0 : this.ws.store.get(v as Handle);
        this.ws.heap.readBarrierToWasm(r);
        this.num[slot] = r;
      }
    }
  }

  private toHost(kind: number, slot: number): HostValue {
    const v = this.num[slot]!;
    switch (kind) {
      case ValKind.I64: return this.big[slot]!;
      case ValKind.I32: return v | 0;
      case ValKind.F32: return v >>> 0;
      case ValKind.F64: return v;
      case ValKind.FuncRef: return this.ws.funcRefs.get(v);
      default: return v === 0 ? null : this.ws.store.root(this.ws.heap.cloneGcRef(v));
    }
  }

  /** `invoke` of a host function: its result handles are re-rooted in the caller's scope. */
  private invokeHost(f: FuncInstance, args: readonly HostValue[]): HostValue[] {
    const store = this.ws.store;
    const heap = this.ws.heap;
    const mark = store.enterScope();
    let out: HostValue[];
    const owned: number[] = [];
    this.active++;
    try {
      const res = this.checkedHostResults(f, f.host!(args.slice(), { wasmStore: this.ws, func: f }));
      out = hostValueArray(res.length);
      for (let i = 0; i < res.length; i++) out[i] = res[i]!;
      for (let i = 0; i < out.length; i++) {
        if (f.resultKinds[i] === ValKind.GcRef && out[i] !== null) {
          owned[i] = heap.cloneGcRef(store.get(out[i] as Handle));
        }
      }
    } finally {
      this.active--;
      store.exitScope(mark);
    }
    for (let i = 0; i < out.length; i++) if (owned[i] !== undefined) out[i] = store.root(owned[i]!);
    return out;
  }

  private checkedHostResults(f: FuncInstance, res: readonly HostValue[] | void): readonly HostValue[] {
    const r = res ?? [];
    if (r.length !== f.resultKinds.length) throw new InvariantError('host results', `${f.name} returned ${r.length} values, its type has ${f.resultKinds.length}`);
    return r;
  }

  /**
   * A call from Wasm to a host function: arguments `[sp - nparams, sp)` become host values (GC
   * refs cloned into handles of a fresh scope, so the stack map of the call site does not cover
   * them); after the call the result refs are still rooted by their handles while
   * `store.enterWasm` may collect, then each is exposed to Wasm (`readBarrierToWasm`) and pushed,
   * and the scope exits. Returns the new stack pointer.
   */
  private callHost(f: FuncInstance, sp: number): number {
    const ws = this.ws;
    const store = ws.store;
    const np = f.paramKinds.length;
    const base = sp - np;
    const mark = store.enterScope();
    try {
      const args = hostValueArray(np);
      for (let i = 0; i < np; i++) args[i] = this.toHost(f.paramKinds[i]!, base + i);
      this.sp = sp;
      const res = this.checkedHostResults(f, f.host!(args, { wasmStore: ws, func: f }));
      const kinds = f.resultKinds;
      let nGc = 0;
      for (let i = 0; i < kinds.length; i++) {
        if (kinds[i] === ValKind.GcRef && res[i] !== null && isHeapRef(store.get(res[i] as Handle))) nGc++;
      }
      if (nGc > 0) store.enterWasm(nGc);
      this.ensureStack(base + kinds.length);
      for (let i = 0; i < kinds.length; i++) this.fromHost(kinds[i]!, base + i, res[i]!);
      return base + kinds.length;
    } finally {
      store.exitScope(mark);
    }
  }

  /**
   * Runs from the frame at `depth - 1` until the frame at index `entryDepth` returns; its results
   * are then at its frame pointer. One switch over internal opcodes; one unit of fuel per
   * instruction executed.
   */
  private run(entryDepth: number): void {
    const ws = this.ws;
    const heap = ws.heap;
    const hostData = ws.hostData;
    const types = ws.types;
    const concrete = registryTypes(types);
    const funcRefs = ws.funcRefs;
    const maxDepth = ws.maxCallDepth;
    const frameCf = this.frameCf;
    const frameFp = this.frameFp;
    const framePc = this.framePc;
    let fd = this.depth - 1;
    let cf = frameCf[fd]!;
    let code = cf.code;
    let pc = framePc[fd]!;
    let fp = frameFp[fd]!;
    let sp = fp + cf.nlocals;
    let inst = cf.inst;
    let view = memOf(inst.mems);
    let num = this.num;
    let big = this.big;
    let fuel = this.fuel;
    let callee: FuncInstance | null = null;
    /** The pending call is a tail call (return_call*). */
    let tail = false;
    try {
      for (;;) {
      try {
      for (;;) {
        if (--fuel < 0) {
          fuel = 0;
          throw trapOutOfFuel();
        }
        call: {
          switch (code[pc]) {
            // --- Control -------------------------------------------------------------------------
            case Op.Unreachable:
              throw trapUnreachable();
            case Op.Jump:
              pc = code[pc + 1]!;
              continue;
            case Op.Br: {
              const dst = fp + code[pc + 2]!;
              const n = code[pc + 3]!;
              const src = sp - n;
              if (src !== dst) for (let k = 0; k < n; k++) { num[dst + k] = num[src + k]!; big[dst + k] = big[src + k]!; }
              sp = dst + n;
              pc = code[pc + 1]!;
              continue;
            }
            case Op.BrIf:
              if (num[--sp] !== 0) {
                const dst = fp + code[pc + 2]!;
                const n = code[pc + 3]!;
                const src = sp - n;
                if (src !== dst) for (let k = 0; k < n; k++) { num[dst + k] = num[src + k]!; big[dst + k] = big[src + k]!; }
                sp = dst + n;
                pc = code[pc + 1]!;
              } else pc += 4;
              continue;
            case Op.IfFalse:
              if (num[--sp] === 0) pc = code[pc + 1]!;
              else pc += 2;
              continue;
            case Op.BrTable: {
              const cnt = code[pc + 1]!;
              const i = num[--sp]! >>> 0;
              const e = pc + 2 + 3 * (i < cnt ? i : cnt);
              const dst = fp + code[e + 1]!;
              const n = code[e + 2]!;
              const src = sp - n;
              if (src !== dst) for (let k = 0; k < n; k++) { num[dst + k] = num[src + k]!; big[dst + k] = big[src + k]!; }
              sp = dst + n;
              pc = code[e]!;
              continue;
            }
            case Op.TryTable:
              pc = code[pc + 1]!;
              continue;
            case Op.Throw:
              pc += 2;
              framePc[fd] = pc;
              sp = throwNew(ws, num, big, sp, inst.tags[code[pc - 1]!]!);
              throw new WasmException(ws);
            case Op.ThrowRef: {
              const r = num[--sp]!;
              if (r === 0) throw trapNullExn();
              pc += 1;
              framePc[fd] = pc;
              ws.setPendingException(r);
              throw new WasmException(ws);
            }
            case Op.Return: {
              const n = cf.nresults;
              const src = sp - n;
              if (src !== fp) for (let k = 0; k < n; k++) { num[fp + k] = num[src + k]!; big[fp + k] = big[src + k]!; }
              if (fd === entryDepth) return;
              fd--;
              this.depth = fd + 1;
              sp = fp + n;
              cf = frameCf[fd]!;
              code = cf.code;
              pc = framePc[fd]!;
              fp = frameFp[fd]!;
              if (cf.inst !== inst) {
                inst = cf.inst;
                view = memOf(inst.mems);
              }
              continue;
            }
            case Op.Call:
              callee = inst.funcs[code[pc + 1]!]!;
              pc += 2;
              break call;
            case Op.ReturnCall:
              tail = true;
              callee = inst.funcs[code[pc + 1]!]!;
              pc += 2;
              break call;
            case Op.ReturnCallIndirect:
            case Op.ReturnCallRef:
            case Op.CallIndirect:
            case Op.CallRef: {
              const o = code[pc];
              tail = o === Op.ReturnCallIndirect || o === Op.ReturnCallRef;
              if (o === Op.CallRef || o === Op.ReturnCallRef) {
                const id = num[--sp]!;
                if (id === 0) throw trapNullFunc();
                callee = funcRefs.get(id)!;
                pc += 1;
                break call;
              } else {
              const t = inst.tables[code[pc + 2]!]!;
              const i = num[--sp]! >>> 0;
              if (i >= t.size) throw trapUndefinedElement(i);
              const id = t.elems[i]!;
              if (id === 0) throw trapUninitializedElement(i);
              const f = funcRefs.get(id)!;
              const want = code[pc + 1]!;
              if (f.typeId !== want && !types.isSubtype(f.typeId, want)) throw trapIndirectMismatch();
              callee = f;
              pc += 3;
              break call;
              }
            }
            case Op.BrOnNull:
              if (num[sp - 1] === 0) {
                sp--;
                const dst = fp + code[pc + 2]!;
                const n = code[pc + 3]!;
                const src = sp - n;
                if (src !== dst) for (let k = 0; k < n; k++) { num[dst + k] = num[src + k]!; big[dst + k] = big[src + k]!; }
                sp = dst + n;
                pc = code[pc + 1]!;
              } else pc += 4;
              continue;
            case Op.BrOnNonNull:
              if (num[sp - 1] !== 0) {
                const dst = fp + code[pc + 2]!;
                const n = code[pc + 3]!;
                const src = sp - n;
                if (src !== dst) for (let k = 0; k < n; k++) { num[dst + k] = num[src + k]!; big[dst + k] = big[src + k]!; }
                sp = dst + n;
                pc = code[pc + 1]!;
              } else {
                sp--;
                pc += 4;
              }
              continue;
            case Op.BrOnCast:
            case Op.BrOnCastFail: {
              const hit = refTest(heap, concrete, funcRefs, num[sp - 1]!, code[pc + 4]!, code[pc + 5] === 1);
              if (hit === (code[pc] === Op.BrOnCast)) {
                const dst = fp + code[pc + 2]!;
                const n = code[pc + 3]!;
                const src = sp - n;
                if (src !== dst) for (let k = 0; k < n; k++) { num[dst + k] = num[src + k]!; big[dst + k] = big[src + k]!; }
                sp = dst + n;
                pc = code[pc + 1]!;
              } else pc += 6;
              continue;
            }
            // --- Parametric ----------------------------------------------------------------------
            case Op.Drop:
              sp--;
              pc += 1;
              continue;
            case Op.Select:
              sp -= 2;
              if (num[sp + 1] === 0) num[sp - 1] = num[sp]!;
              pc += 1;
              continue;
            case Op.SelectI64:
              sp -= 2;
              if (num[sp + 1] === 0) big[sp - 1] = big[sp]!;
              pc += 1;
              continue;
            case Op.SelectAny:
              sp -= 2;
              if (num[sp + 1] === 0) {
                num[sp - 1] = num[sp]!;
                big[sp - 1] = big[sp]!;
              }
              pc += 1;
              continue;
            // --- Variables -----------------------------------------------------------------------
            case Op.LocalGet:
              num[sp++] = num[fp + code[pc + 1]!]!;
              pc += 2;
              continue;
            case Op.LocalSet:
              num[fp + code[pc + 1]!] = num[--sp]!;
              pc += 2;
              continue;
            case Op.LocalTee:
              num[fp + code[pc + 1]!] = num[sp - 1]!;
              pc += 2;
              continue;
            case Op.LocalGetI64:
              big[sp++] = big[fp + code[pc + 1]!]!;
              pc += 2;
              continue;
            case Op.LocalSetI64:
              big[fp + code[pc + 1]!] = big[--sp]!;
              pc += 2;
              continue;
            case Op.LocalTeeI64:
              big[fp + code[pc + 1]!] = big[sp - 1]!;
              pc += 2;
              continue;
            case Op.GlobalGet:
              num[sp++] = inst.globals[code[pc + 1]!]!.cell[0]!;
              pc += 2;
              continue;
            case Op.GlobalGetI64:
              big[sp++] = inst.globals[code[pc + 1]!]!.i64;
              pc += 2;
              continue;
            case Op.GlobalGetRef: {
              const r = inst.globals[code[pc + 1]!]!.cell[0]!;
              heap.readBarrierToWasm(r);
              num[sp++] = r;
              pc += 2;
              continue;
            }
            case Op.GlobalSet:
              inst.globals[code[pc + 1]!]!.cell[0] = num[--sp]!;
              pc += 2;
              continue;
            case Op.GlobalSetI64:
              inst.globals[code[pc + 1]!]!.i64 = big[--sp]!;
              pc += 2;
              continue;
            case Op.GlobalSetRef:
              heap.writeGcRef(hostData, inst.globals[code[pc + 1]!]!.cell, 0, num[--sp]!);
              pc += 2;
              continue;
            // --- Tables --------------------------------------------------------------------------
            case Op.TableGet: {
              const t = inst.tables[code[pc + 1]!]!;
              const i = num[sp - 1]! >>> 0;
              if (i >= t.size) throw trapTableOob();
              const v = t.elems[i]!;
              if (t.holdsGcRef) heap.readBarrierToWasm(v);
              num[sp - 1] = v;
              pc += 2;
              continue;
            }
            case Op.TableSet: {
              const t = inst.tables[code[pc + 1]!]!;
              const i = num[sp - 2]! >>> 0;
              if (i >= t.size) throw trapTableOob();
              t.set(heap, hostData, i, num[sp - 1]!);
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.TableSize:
              num[sp++] = inst.tables[code[pc + 1]!]!.size;
              pc += 2;
              continue;
            case Op.TableGrow: {
              const t = inst.tables[code[pc + 1]!]!;
              const n = num[sp - 1]! >>> 0;
              sp--;
              num[sp - 1] = t.grow(heap, hostData, n, num[sp - 1]!);
              pc += 2;
              continue;
            }
            case Op.TableFill:
              tableFill(heap, hostData, inst.tables[code[pc + 1]!]!, num[sp - 3]! >>> 0, num[sp - 2]!, num[sp - 1]! >>> 0);
              sp -= 3;
              pc += 2;
              continue;
            case Op.TableCopy:
              tableCopy(ws, inst.tables[code[pc + 1]!]!, inst.tables[code[pc + 2]!]!, num[sp - 3]! >>> 0, num[sp - 2]! >>> 0, num[sp - 1]! >>> 0);
              sp -= 3;
              pc += 3;
              continue;
            case Op.TableInit:
              tableInit(ws, inst.tables[code[pc + 2]!]!, inst.elems[code[pc + 1]!]!, num[sp - 3]! >>> 0, num[sp - 2]! >>> 0, num[sp - 1]! >>> 0);
              sp -= 3;
              pc += 3;
              continue;
            case Op.ElemDrop:
              inst.elems[code[pc + 1]!]!.drop(heap, hostData);
              pc += 2;
              continue;
            // --- Memory --------------------------------------------------------------------------
            case Op.I32Load: {
              const ea = (num[sp - 1]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 4 > view.byteLength) throw trapMemoryOob();
              num[sp - 1] = view.getInt32(ea, true);
              pc += 2;
              continue;
            }
            case Op.I64Load: {
              const ea = (num[sp - 1]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 8 > view.byteLength) throw trapMemoryOob();
              big[sp - 1] = view.getBigInt64(ea, true);
              pc += 2;
              continue;
            }
            case Op.F32Load: {
              const ea = (num[sp - 1]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 4 > view.byteLength) throw trapMemoryOob();
              num[sp - 1] = view.getUint32(ea, true);
              pc += 2;
              continue;
            }
            case Op.F64Load: {
              const ea = (num[sp - 1]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 8 > view.byteLength) throw trapMemoryOob();
              num[sp - 1] = view.getFloat64(ea, true);
              pc += 2;
              continue;
            }
            case Op.I32Load8S:
            case Op.I32Load8U: {
              const ea = (num[sp - 1]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 1 > view.byteLength) throw trapMemoryOob();
              num[sp - 1] = code[pc] === Op.I32Load8S ? view.getInt8(ea) : view.getUint8(ea);
              pc += 2;
              continue;
            }
            case Op.I32Load16S:
            case Op.I32Load16U: {
              const ea = (num[sp - 1]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 2 > view.byteLength) throw trapMemoryOob();
              num[sp - 1] = code[pc] === Op.I32Load16S ? view.getInt16(ea, true) : view.getUint16(ea, true);
              pc += 2;
              continue;
            }
            case Op.I64Load8S:
            case Op.I64Load8U: {
              const ea = (num[sp - 1]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 1 > view.byteLength) throw trapMemoryOob();
              big[sp - 1] = BigInt(code[pc] === Op.I64Load8S ? view.getInt8(ea) : view.getUint8(ea));
              pc += 2;
              continue;
            }
            case Op.I64Load16S:
            case Op.I64Load16U: {
              const ea = (num[sp - 1]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 2 > view.byteLength) throw trapMemoryOob();
              big[sp - 1] = BigInt(code[pc] === Op.I64Load16S ? view.getInt16(ea, true) : view.getUint16(ea, true));
              pc += 2;
              continue;
            }
            case Op.I64Load32S:
            case Op.I64Load32U: {
              const ea = (num[sp - 1]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 4 > view.byteLength) throw trapMemoryOob();
              big[sp - 1] = BigInt(code[pc] === Op.I64Load32S ? view.getInt32(ea, true) : view.getUint32(ea, true));
              pc += 2;
              continue;
            }
            case Op.I32Store:
            case Op.F32Store: {
              const ea = (num[sp - 2]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 4 > view.byteLength) throw trapMemoryOob();
              view.setUint32(ea, num[sp - 1]! >>> 0, true);
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.I64Store: {
              const ea = (num[sp - 2]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 8 > view.byteLength) throw trapMemoryOob();
              view.setBigInt64(ea, big[sp - 1]!, true);
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.F64Store: {
              const ea = (num[sp - 2]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 8 > view.byteLength) throw trapMemoryOob();
              view.setFloat64(ea, num[sp - 1]!, true);
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.I32Store8: {
              const ea = (num[sp - 2]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 1 > view.byteLength) throw trapMemoryOob();
              view.setUint8(ea, num[sp - 1]! & 0xff);
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.I32Store16: {
              const ea = (num[sp - 2]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 2 > view.byteLength) throw trapMemoryOob();
              view.setUint16(ea, num[sp - 1]! & 0xffff, true);
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.I64Store8: {
              const ea = (num[sp - 2]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 1 > view.byteLength) throw trapMemoryOob();
              view.setUint8(ea, Number(BigInt.asUintN(8, big[sp - 1]!)));
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.I64Store16: {
              const ea = (num[sp - 2]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 2 > view.byteLength) throw trapMemoryOob();
              view.setUint16(ea, Number(BigInt.asUintN(16, big[sp - 1]!)), true);
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.I64Store32: {
              const ea = (num[sp - 2]! >>> 0) + (code[pc + 1]! >>> 0);
              if (ea + 4 > view.byteLength) throw trapMemoryOob();
              view.setUint32(ea, Number(BigInt.asUintN(32, big[sp - 1]!)), true);
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.MemorySize:
              num[sp++] = inst.mems[0]!.pages;
              pc += 1;
              continue;
            case Op.MemoryGrow:
              num[sp - 1] = inst.mems[0]!.grow(num[sp - 1]! >>> 0);
              pc += 1;
              continue;
            case Op.MemoryFill:
              memoryFill(inst.mems[0]!, num[sp - 3]! >>> 0, num[sp - 2]!, num[sp - 1]! >>> 0);
              sp -= 3;
              pc += 1;
              continue;
            case Op.MemoryCopy:
              memoryCopy(inst.mems[0]!, num[sp - 3]! >>> 0, num[sp - 2]! >>> 0, num[sp - 1]! >>> 0);
              sp -= 3;
              pc += 1;
              continue;
            case Op.MemoryInit:
              memoryInit(inst.mems[0]!, inst.datas[code[pc + 1]!]!, num[sp - 3]! >>> 0, num[sp - 2]! >>> 0, num[sp - 1]! >>> 0);
              sp -= 3;
              pc += 2;
              continue;
            case Op.DataDrop:
              inst.datas[code[pc + 1]!]!.drop();
              pc += 2;
              continue;
            // --- Numeric -------------------------------------------------------------------------
            case Op.I32Const:
              num[sp++] = code[pc + 1]!;
              pc += 2;
              continue;
            case Op.I64Const:
              big[sp++] = cf.i64Consts[code[pc + 1]!]!;
              pc += 2;
              continue;
            case Op.F32Const:
              num[sp++] = code[pc + 1]! >>> 0;
              pc += 2;
              continue;
            case Op.F64Const:
              num[sp++] = cf.f64Consts[code[pc + 1]!]!;
              pc += 2;
              continue;
            case Op.I32Eqz:
              num[sp - 1] = num[sp - 1] === 0 ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32Eq:
              sp--;
              num[sp - 1] = num[sp - 1] === num[sp] ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32Ne:
              sp--;
              num[sp - 1] = num[sp - 1] !== num[sp] ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32LtS:
              sp--;
              num[sp - 1] = num[sp - 1]! < num[sp]! ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32LtU:
              sp--;
              num[sp - 1] = num[sp - 1]! >>> 0 < num[sp]! >>> 0 ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32GtS:
              sp--;
              num[sp - 1] = num[sp - 1]! > num[sp]! ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32GtU:
              sp--;
              num[sp - 1] = num[sp - 1]! >>> 0 > num[sp]! >>> 0 ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32LeS:
              sp--;
              num[sp - 1] = num[sp - 1]! <= num[sp]! ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32LeU:
              sp--;
              num[sp - 1] = num[sp - 1]! >>> 0 <= num[sp]! >>> 0 ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32GeS:
              sp--;
              num[sp - 1] = num[sp - 1]! >= num[sp]! ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32GeU:
              sp--;
              num[sp - 1] = num[sp - 1]! >>> 0 >= num[sp]! >>> 0 ? 1 : 0;
              pc += 1;
              continue;
            case Op.I32Add:
              sp--;
              num[sp - 1] = (num[sp - 1]! + num[sp]!) | 0;
              pc += 1;
              continue;
            case Op.I32Sub:
              sp--;
              num[sp - 1] = (num[sp - 1]! - num[sp]!) | 0;
              pc += 1;
              continue;
            case Op.I32Mul:
              sp--;
              num[sp - 1] = Math.imul(num[sp - 1]!, num[sp]!);
              pc += 1;
              continue;
            case Op.I32And:
              sp--;
              num[sp - 1] = num[sp - 1]! & num[sp]!;
              pc += 1;
              continue;
            case Op.I32Or:
              sp--;
              num[sp - 1] = num[sp - 1]! | num[sp]!;
              pc += 1;
              continue;
            case Op.I32Xor:
              sp--;
              num[sp - 1] = num[sp - 1]! ^ num[sp]!;
              pc += 1;
              continue;
            case Op.I32Shl:
              sp--;
              num[sp - 1] = num[sp - 1]! << num[sp]!;
              pc += 1;
              continue;
            case Op.I32ShrS:
              sp--;
              num[sp - 1] = num[sp - 1]! >> num[sp]!;
              pc += 1;
              continue;
            case Op.I32ShrU:
              sp--;
              num[sp - 1] = (num[sp - 1]! >>> num[sp]!) | 0;
              pc += 1;
              continue;
            case Op.NumUnNN:
              num[sp - 1] = UN_NN[code[pc + 1]!]!(num[sp - 1]!);
              pc += 2;
              continue;
            case Op.NumUnNB:
              big[sp - 1] = UN_NB[code[pc + 1]!]!(num[sp - 1]!);
              pc += 2;
              continue;
            case Op.NumUnBN:
              num[sp - 1] = UN_BN[code[pc + 1]!]!(big[sp - 1]!);
              pc += 2;
              continue;
            case Op.NumUnBB:
              big[sp - 1] = UN_BB[code[pc + 1]!]!(big[sp - 1]!);
              pc += 2;
              continue;
            case Op.NumBinNN:
              sp--;
              num[sp - 1] = BIN_NN[code[pc + 1]!]!(num[sp - 1]!, num[sp]!);
              pc += 2;
              continue;
            case Op.NumBinBB:
              sp--;
              big[sp - 1] = BIN_BB[code[pc + 1]!]!(big[sp - 1]!, big[sp]!);
              pc += 2;
              continue;
            case Op.NumBinBBtoN:
              sp--;
              num[sp - 1] = BIN_BB_N[code[pc + 1]!]!(big[sp - 1]!, big[sp]!);
              pc += 2;
              continue;
            // --- References ----------------------------------------------------------------------
            case Op.RefNull:
              num[sp++] = 0;
              pc += 1;
              continue;
            case Op.RefIsNull:
              num[sp - 1] = num[sp - 1] === 0 ? 1 : 0;
              pc += 1;
              continue;
            case Op.RefFunc:
              num[sp++] = inst.funcs[code[pc + 1]!]!.id;
              pc += 2;
              continue;
            case Op.RefEq:
              sp--;
              num[sp - 1] = num[sp - 1] === num[sp] ? 1 : 0;
              pc += 1;
              continue;
            case Op.RefAsNonNull:
              if (num[sp - 1] === 0) throw trapNullRef();
              pc += 1;
              continue;
            case Op.RefTest:
              num[sp - 1] = refTest(heap, concrete, funcRefs, num[sp - 1]!, code[pc + 1]!, code[pc + 2] === 1) ? 1 : 0;
              pc += 3;
              continue;
            case Op.RefCast:
              if (!refTest(heap, concrete, funcRefs, num[sp - 1]!, code[pc + 1]!, code[pc + 2] === 1)) throw trapCastFailure();
              pc += 3;
              continue;
            case Op.RefI31:
              num[sp - 1] = refI31(num[sp - 1]!);
              pc += 1;
              continue;
            case Op.I31GetS: {
              const r = num[sp - 1]!;
              if (r === 0) throw trapNullI31();
              num[sp - 1] = (r | 0) >> 1;
              pc += 1;
              continue;
            }
            case Op.I31GetU: {
              const r = num[sp - 1]!;
              if (r === 0) throw trapNullI31();
              num[sp - 1] = r >>> 1;
              pc += 1;
              continue;
            }
            // --- GC: structs ---------------------------------------------------------------------
            case Op.StructNew:
              pc += 2;
              framePc[fd] = pc;
              sp = structNew(ws, num, big, sp, code[pc - 1]!);
              continue;
            case Op.StructNewDefault:
              pc += 2;
              framePc[fd] = pc;
              sp = structNewDefault(ws, num, sp, code[pc - 1]!);
              continue;
            case Op.StructGet:
            case Op.StructGetS:
            case Op.StructGetU: {
              const r = num[sp - 1]!;
              if (r === 0) throw trapNullStruct();
              num[sp - 1] = heap.structGet(r, code[pc + 1]!, code[pc] === Op.StructGetS) as number;
              pc += 2;
              continue;
            }
            case Op.StructGetI64: {
              const r = num[sp - 1]!;
              if (r === 0) throw trapNullStruct();
              big[sp - 1] = heap.structGet(r, code[pc + 1]!) as bigint;
              pc += 2;
              continue;
            }
            case Op.StructGetRef: {
              const r = num[sp - 1]!;
              if (r === 0) throw trapNullStruct();
              const v = heap.structGet(r, code[pc + 1]!) as number;
              heap.readBarrierToWasm(v);
              num[sp - 1] = v;
              pc += 2;
              continue;
            }
            case Op.StructSet: {
              const r = num[sp - 2]!;
              if (r === 0) throw trapNullStruct();
              heap.structSet(hostData, r, code[pc + 1]!, num[sp - 1]!);
              sp -= 2;
              pc += 2;
              continue;
            }
            case Op.StructSetI64: {
              const r = num[sp - 2]!;
              if (r === 0) throw trapNullStruct();
              heap.structSet(hostData, r, code[pc + 1]!, big[sp - 1]!);
              sp -= 2;
              pc += 2;
              continue;
            }
            // --- GC: arrays ----------------------------------------------------------------------
            case Op.ArrayNew:
            case Op.ArrayNewI64:
              pc += 2;
              framePc[fd] = pc;
              sp = arrayNew(ws, num, big, sp, code[pc - 1]!, code[pc - 2] === Op.ArrayNewI64);
              continue;
            case Op.ArrayNewDefault:
              pc += 2;
              framePc[fd] = pc;
              sp = arrayNewDefault(ws, num, sp, code[pc - 1]!);
              continue;
            case Op.ArrayNewFixed:
              pc += 4;
              framePc[fd] = pc;
              sp = arrayNewFixed(ws, num, big, sp, code[pc - 3]!, code[pc - 2]!, code[pc - 1] === 1);
              continue;
            case Op.ArrayNewData:
              pc += 3;
              framePc[fd] = pc;
              sp = arrayNewData(ws, num, sp, code[pc - 2]!, inst.datas[code[pc - 1]!]!);
              continue;
            case Op.ArrayNewElem:
              pc += 3;
              framePc[fd] = pc;
              sp = arrayNewElem(ws, num, sp, code[pc - 2]!, inst.elems[code[pc - 1]!]!);
              continue;
            case Op.ArrayGet:
            case Op.ArrayGetS:
            case Op.ArrayGetU:
            case Op.ArrayGetI64:
            case Op.ArrayGetRef: {
              const r = num[sp - 2]!;
              const i = num[sp - 1]! >>> 0;
              if (r === 0) throw trapNullArray();
              if (i >= heap.arrayLen(r)) throw trapArrayOob();
              const o = code[pc]!;
              sp--;
              if (o === Op.ArrayGetI64) big[sp - 1] = heap.arrayGet(r, i) as bigint;
              else {
                const v = heap.arrayGet(r, i, o === Op.ArrayGetS) as number;
                if (o === Op.ArrayGetRef) heap.readBarrierToWasm(v);
                num[sp - 1] = v;
              }
              pc += 1;
              continue;
            }
            case Op.ArraySet:
            case Op.ArraySetI64: {
              const r = num[sp - 3]!;
              const i = num[sp - 2]! >>> 0;
              if (r === 0) throw trapNullArray();
              if (i >= heap.arrayLen(r)) throw trapArrayOob();
              heap.arraySet(hostData, r, i, code[pc] === Op.ArraySetI64 ? big[sp - 1]! : num[sp - 1]!);
              sp -= 3;
              pc += 1;
              continue;
            }
            case Op.ArrayLen: {
              const r = num[sp - 1]!;
              if (r === 0) throw trapNullArray();
              num[sp - 1] = heap.arrayLen(r);
              pc += 1;
              continue;
            }
            case Op.ArrayFill:
            case Op.ArrayFillI64:
              sp = arrayFill(ws, num, big, sp, code[pc] === Op.ArrayFillI64);
              pc += 1;
              continue;
            case Op.ArrayCopy:
              sp = arrayCopy(ws, num, sp);
              pc += 1;
              continue;
            case Op.ArrayInitData:
              sp = arrayInitData(ws, num, sp, code[pc + 1]!, inst.datas[code[pc + 2]!]!);
              pc += 3;
              continue;
            case Op.ArrayInitElem:
              sp = arrayInitElem(ws, num, sp, inst.elems[code[pc + 1]!]!);
              pc += 2;
              continue;
            default:
              throw new InvariantError('interpreter', `bad internal opcode ${code[pc]} at ${pc} in ${cf.func.name}`);
          }
        }
        // --- Calls (spec 4.4.10 "invocation of function address"): `callee`, pc after the call. ---
        const f = callee!;
        callee = null;
        framePc[fd] = pc;
        if (f.host !== null) {
          this.sp = sp;
          this.fuel = fuel;
          sp = this.callHost(f, sp);
          num = this.num;
          big = this.big;
          fuel = this.fuel;
          if (tail) {
            // A host tail callee returns for this frame: run the function's final Return.
            tail = false;
            pc = code.length - 1;
          }
          continue;
        }
        if (tail) {
          // Tail call (spec 4.4.x return_call): the callee's frame replaces this one, at the same frame pointer.
          tail = false;
          const next = f.compiled ?? (f.compiled = compileFunc(f));
          const np = next.nparams;
          if (fp + next.frameSize > num.length) {
            this.ensureStack(fp + next.frameSize);
            num = this.num;
            big = this.big;
          }
          const src = sp - np;
          for (let k = 0; k < np; k++) { num[fp + k] = num[src + k]!; big[fp + k] = big[src + k]!; }
          for (let i = fp + np, e = fp + next.nlocals; i < e; i++) num[i] = 0;
          const i64Locals = next.i64Locals;
          for (let k = 0; k < i64Locals.length; k++) big[fp + i64Locals[k]!] = 0n;
          frameCf[fd] = next;
          framePc[fd] = 0;
          cf = next;
          code = next.code;
          pc = 0;
          sp = fp + next.nlocals;
          if (next.inst !== inst) {
            inst = next.inst;
            view = memOf(inst.mems);
          }
          continue;
        }
        const next = f.compiled ?? (f.compiled = compileFunc(f));
        if (fd + 1 >= maxDepth) throw trapStackExhausted();
        const nfp = sp - next.nparams;
        if (nfp + next.frameSize > num.length) {
          this.ensureStack(nfp + next.frameSize);
          num = this.num;
          big = this.big;
        }
        for (let i = nfp + next.nparams, e = nfp + next.nlocals; i < e; i++) num[i] = 0;
        const i64Locals = next.i64Locals;
        for (let k = 0; k < i64Locals.length; k++) big[nfp + i64Locals[k]!] = 0n;
        fd++;
        frameCf[fd] = next;
        frameFp[fd] = nfp;
        framePc[fd] = 0;
        this.depth = fd + 1;
        cf = next;
        code = next.code;
        pc = 0;
        fp = nfp;
        sp = nfp + next.nlocals;
        if (next.inst !== inst) {
          inst = next.inst;
          view = memOf(inst.mems);
        }
      }
      } catch (e) {
        // Exception handling (spec 4.4.x "throw_ref"): unwind to the innermost try_table, in this
        // run's frames, with a clause matching the pending exception; the frames above it are
        // popped (and with them their stack roots). Not found: the exception leaves this run.
        if (!(e instanceof WasmException)) throw e;
        const exn = ws.pendingException[0]!;
        let found = false;
        // Thrown by a host tail callee (return_call*): this frame is already gone, so its
        // try_tables do not catch; the search starts at its caller.
        const from = tail ? fd - 1 : fd;
        tail = false;
        for (let d = from; d >= entryDepth && !found; d--) {
          const c = frameCf[d]!;
          const p = framePc[d]!;
          const regions = c.tryRegions;
          for (let k = 0; k < regions.length; k += 3) {
            if (!(regions[k]! < p && p <= regions[k + 1]!)) continue;
            const rec = regions[k + 2]!;
            const m = matchCatch(ws, c.code, rec, c.inst.tags, exn);
            if (m < 0) continue;
            fd = d;
            this.depth = d + 1;
            cf = c;
            code = c.code;
            fp = frameFp[d]!;
            if (c.inst !== inst) {
              inst = c.inst;
              view = memOf(inst.mems);
            }
            num = this.num;
            big = this.big;
            const at = rec + 1 + 5 * m;
            const kind = code[at]!;
            let w = fp + code[at + 3]!;
            if (kind <= 1) {
              const pk = inst.tags[code[at + 1]!]!.paramKinds;
              for (let i = 0; i < pk.length; i++) {
                const v = heap.exnGet(exn, i + 1);
                if (pk[i] === ValKind.I64) big[w++] = v as bigint;
                else {
                  if (pk[i] === ValKind.GcRef) heap.readBarrierToWasm(v as number);
                  num[w++] = v as number;
                }
              }
            }
            if (kind === 1 || kind === 3) {
              heap.readBarrierToWasm(exn);
              num[w++] = exn;
            }
            ws.setPendingException(0);
            sp = w;
            pc = code[at + 2]!;
            found = true;
            break;
          }
        }
        if (!found) throw e;
      }
      }
    } finally {
      this.fuel = fuel;
    }
  }
}
