import { Store, type Handle } from '../../../runtime/store';
import type { GcRuntime } from '../../../runtime/gcHeap';
import type { GcRef } from '../../../runtime/gcRef';
import { refI31 } from '../../../runtime/gcRef';
import { GcTypeRegistry } from '../../../runtime/gcTypes';
import { GcKind } from '../../../runtime/gcKind';
import { OutOfMemoryError } from '../../../errors/OutOfMemoryError';
import type { FieldValue } from '../../../runtime/gcHeap';
import { TableInstance } from '../../../wasm/execution/tableInstance';
import { tableFill } from '../../../wasm/execution/interpreter/tableOps';
import { arrayCopyRange, arrayFillRange } from '../../../wasm/execution/interpreter/arrayBulkOps';
import type { InitValue, NumValue, Op, OpCase, RefHeap, RefValue, Slot } from '../../../gen/ops/opCase';
import { OP_CASE_LIMITS } from '../../../gen/ops/opCaseLimits';
import { ReferenceModel } from '../../../../oracles/referenceModel';
import type { ModelFault } from '../../../../oracles/modelSlot';
import { ModelObject, type HostObject, type ModelRef, type ModelValue } from '../../../../oracles/modelObject';
import { OracleFailure } from '../../../../oracles/OracleFailure';
import { checkOpOutcome } from '../../../../oracles/checkOpOutcome';
import { checkReadNumeric, checkReadRef } from '../../../../oracles/checkReadValue';
import { checkHostData } from '../../../../oracles/checkHostData';
import { checkHeapAgainstModel } from '../../../../oracles/checkHeapAgainstModel';
import { checkLeak } from '../../../../oracles/checkLeak';
import { checkForgeOutcome, checkOtherStoreUnchanged, checkTypedError } from '../../../../oracles/checkSandbox';
import { isOomAllowed, UNCOMPARED } from '../../../../oracles/allowedDifferences';
import { describeError, errorKind, oracleForUnexpectedError } from '../../../../oracles/classifyRuntimeError';
import { storeFingerprint } from '../../../../oracles/storeFingerprint';
import type { RuntimeRoots } from '../../../../oracles/runtimeRoots';
import { Bystander } from './bystander';
import { forgeRef, useForgedRef } from './forgeRef';
import { installMarkingOracles } from '../../../../oracles/incremental/installMarkingOracles';
import { tagSlots } from '../../../runtime/gcRootsList';

export interface OpRunOptions {
  readonly collector: GcRuntime;
  /** Run the reference model and every per-op and post-collection oracle. */
  readonly oracles: boolean;
  /** Record one observation per op (for the differential and incremental-vs-full oracles). */
  readonly trace: boolean;
  /** Run every sliced collection as `Store.gc()` and skip abandoned ones (the incremental-vs-full reference). */
  readonly fullGcOnly: boolean;
  /**
   * Compute the final-state fingerprint after the closing full collection: always, never, or only
   * when some collection's slice schedule could have mattered (`scheduledCollections > 0`).
   */
  readonly fingerprint: boolean | 'if-scheduled';
}

export interface OpRunResult {
  readonly collector: string;
  /** One observation per op run; compared up to `comparableOps`. */
  readonly trace: readonly string[];
  readonly opsRun: number;
  /** Ops whose observations are comparable: all of them, or those before an allowed OOM or a taint. */
  readonly comparableOps: number;
  readonly stopReason: 'end' | 'oom' | 'taint';
  /** Observable final state after a closing full collection ('' when not asked or not comparable). */
  readonly fingerprint: string;
  readonly collections: number;
  /** Objects the model saw reclaimed by completed collections (0 without oracles). */
  readonly objectsFreed: number;
  /** Objects found at a new address after a collection (0 without oracles). */
  readonly objectsMoved: number;
  /**
   * Collections whose slice schedule could matter: completed only after two or more increments,
   * or abandoned after at least one. 0 means every collection ran as a full one would (or was
   * dropped before doing anything).
   */
  readonly scheduledCollections: number;
}

/** The store-level outcome "stop here": an allowed OOM (not an error of the runtime). */
class StopRun {
  constructor(readonly reason: 'oom') {}
}

/** After a taint an earlier op may have failed to make its handle or frame; ops naming it are skipped. */
class SkipOp {}

/**
 * Runs one op case on one collector: a Store with the case's types, globals, tables (the
 * interpreter's own `TableInstance`s, so table writes, fills and growth run its code) and simulated
 * Wasm frames (reported through a root provider; frames as Wasm stack roots), and, with oracles
 * on, the reference model in lock step. Checks after every op that observes state (O(1) each)
 * and after every completed collection (`Store.onGcComplete`: heap walk against the model, leak
 * and host-data counts, O(heap)). Throws OracleFailure on the first disagreement.
 *
 * Raw GcRefs are never held in locals across anything that can collect: values to write are read
 * from their slot right before the write; frame arguments are read after `enterWasm`.
 */
export function runOpCase(c: OpCase, options: OpRunOptions): OpRunResult {
  return new OpCaseRun(c, options).run();
}

class OpCaseRun {
  private readonly store: Store;
  private readonly types = new GcTypeRegistry();
  private readonly model: ReferenceModel | null;
  private readonly handles: Handle[] = [];
  private readonly handleScopes: number[] = [];
  private readonly scopeMarks: number[] = [];
  private readonly globals: GcRef[];
  private readonly tables: TableInstance[];
  private readonly frames: GcRef[][] = [];
  private readonly trace: string[] = [];
  private readonly graveyard: GcRef[] = [];
  private bystander: Bystander | null = null;
  private hostSerial = 0;
  private inFlightHost: HostObject | null = null;
  private opIndex = -1;
  private tainted = false;
  private comparableOps: number;
  private stopReason: OpRunResult['stopReason'] = 'end';
  private noGcDepth = 0;
  private objectsFreed = 0;
  private objectsMoved = 0;
  private scheduledCollections = 0;

  constructor(
    private readonly c: OpCase,
    private readonly o: OpRunOptions,
  ) {
    for (const t of c.types) this.types.register(t);
    this.store = new Store({
      collector: o.collector,
      initialHeapBytes: c.config.heapBytes,
      maxHeapBytes: c.config.maxHeapBytes,
      zeal: { ...(c.config.zeal.gcEveryNAllocs > 0 ? { gcEveryNAllocs: c.config.zeal.gcEveryNAllocs } : {}), poison: c.config.zeal.poison, checks: c.config.zeal.checks },
      incrementBudget: c.config.incrementBudget,
      types: this.types,
      ...(o.fullGcOnly ? { incrementalZeal: null } : {}),
    });
    if (o.oracles) installMarkingOracles(this.store.heap);
    this.globals = tagSlots(new Array<GcRef>(c.globals.length).fill(0), 'global');
    const max = OP_CASE_LIMITS.tableMaximum;
    this.tables = c.tables.map((t) => new TableInstance({ limits: { min: t.size, max }, element: { kind: 'ref', nullable: true, heap: t.elem } }, true, Math.max(max, t.size)));
    this.comparableOps = c.ops.length;
    this.model = o.oracles ? new ReferenceModel(c.types, c.globals.length, c.tables.map((t) => t.size), o.collector.reclaims, max) : null;
    this.store.addRootProvider((roots) => {
      const g = this.globals;
      for (let i = 0; i < g.length; i++) if (isHeapRef(g[i]!)) roots.addRoot(g, i);
      for (const t of this.tables) {
        const e = t.elems;
        for (let i = 0; i < t.size; i++) if (isHeapRef(e[i]!)) roots.addRoot(e, i);
      }
      const n = this.frames.length;
      for (let k = 0; k < n; k++) {
        const f = this.frames[k]!;
        for (let i = 0; i < f.length; i++) if (isHeapRef(f[i]!)) roots.addWasmStackRoot(f, i, n - 1 - k);
      }
    });
    if (this.model !== null) this.store.onGcComplete = () => this.afterCompletedGc();
  }

  run(): OpRunResult {
    const ops = this.c.ops;
    let i = 0;
    try {
      const label = this.store.heap.setMutatorStep?.bind(this.store.heap);
      for (; i < ops.length; i++) {
        this.opIndex = i;
        label?.({ index: i, label: `op ${i} (${ops[i]!.op})` });
        this.step(ops[i]!);
      }
      this.opIndex = ops.length;
      const fingerprint = this.finish();
      return this.result(ops.length, fingerprint);
    } catch (e) {
      if (e instanceof StopRun) {
        this.stopReason = e.reason;
        this.comparableOps = Math.min(this.comparableOps, i);
        return this.result(i, '');
      }
      throw e;
    }
  }

  private result(opsRun: number, fingerprint: string): OpRunResult {
    return {
      collector: this.o.collector.name,
      trace: this.trace,
      opsRun,
      comparableOps: Math.min(this.comparableOps, opsRun),
      stopReason: this.stopReason,
      fingerprint,
      collections: this.store.collections,
      objectsFreed: this.objectsFreed,
      objectsMoved: this.objectsMoved,
      scheduledCollections: this.scheduledCollections + this.store.incrementalCycles,
    };
  }

  /** Leave every no-GC scope, collect fully once more (all checks run), fingerprint the result. */
  private finish(): string {
    if (this.tainted) {
      this.tryTainted(() => {
        while (this.noGcDepth > 0) { this.store.exitNoGcScope(); this.noGcDepth--; }
        this.store.gc();
      }, 'final gc');
      if (this.bystander !== null) checkOtherStoreUnchanged(this.bystander.baseline, this.bystander.fingerprint(), this.opIndex);
      return '';
    }
    while (this.noGcDepth > 0) {
      this.store.exitNoGcScope();
      this.model?.exitNoGc();
      this.noGcDepth--;
    }
    try {
      this.runtime(() => this.store.gc(), 'the closing full collection');
    } catch (e) {
      if (!(e instanceof OracleFailure)) throw e;
      throw new OracleFailure(e.oracle, e.opIndex, e.expected, e.actual, e.detail ? `${e.detail}; closing full collection after the last op` : 'closing full collection after the last op');
    }
    if (this.o.fingerprint === false || (this.o.fingerprint === 'if-scheduled' && this.scheduledCollections === 0)) return '';
    return storeFingerprint(this.store.heap, this.types, this.store.hostData, this.runtimeRoots(), hostKey);
  }

  // --- one op ------------------------------------------------------------------------------------

  private step(op: Op): void {
    if (this.tainted) {
      this.tryTainted(() => this.execute(op), op.op);
      return;
    }
    this.execute(op);
  }

  private execute(op: Op): void {
    const m = this.tainted ? null : this.model;
    switch (op.op) {
      case 'newExtern': {
        const host: HostObject = { serial: ++this.hostSerial };
        this.inFlightHost = host;
        const r = this.alloc(() => this.store.allocExternref(host), 'extern', 0, 0);
        this.inFlightHost = null;
        this.pushHandle(this.store.root(r, op.owned), op.owned);
        if (m !== null) m.newExtern(host, op.owned).addr = r;
        return this.obs('');
      }
      case 'newStruct': {
        const r = this.alloc(() => this.store.allocStruct(op.type), 'struct', op.type, 0);
        this.pushHandle(this.store.root(r, op.owned), op.owned);
        if (m !== null) m.newStruct(op.type, op.owned).addr = r;
        return this.obs('');
      }
      case 'newArray': {
        const r = this.alloc(() => this.store.allocArray(op.type, op.len), 'array', op.type, op.len);
        this.pushHandle(this.store.root(r, op.owned), op.owned);
        if (m !== null) m.newArray(op.type, op.len, op.owned).addr = r;
        return this.obs('');
      }
      case 'clone': {
        const src = this.handleAt(op.h);
        this.pushHandle(this.runtime(() => this.store.clone(src, op.owned), 'clone'), op.owned);
        m?.clone(op.h, op.owned);
        return this.obs('');
      }
      case 'drop': {
        const hd = this.handleAt(op.h);
        const idx = this.handles.length - 1 - op.h;
        this.remember(this.runtime(() => this.store.get(hd), 'get'));
        this.runtime(() => this.store.drop(hd), 'drop');
        this.handles.splice(idx, 1);
        this.handleScopes.splice(idx, 1);
        m?.drop(op.h);
        return this.obs('');
      }
      case 'enterScope':
        this.scopeMarks.push(this.store.enterScope());
        m?.enterScope();
        return this.obs('');
      case 'exitScope': {
        const depth = this.scopeMarks.length;
        const mark = this.scopeMarks.pop();
        if (mark === undefined) throw new SkipOp();
        this.runtime(() => this.store.exitScope(mark), 'exitScope');
        let w = 0;
        for (let k = 0; k < this.handles.length; k++) {
          if (this.handleScopes[k] !== depth) {
            this.handles[w] = this.handles[k]!;
            this.handleScopes[w++] = this.handleScopes[k]!;
          }
        }
        this.handles.length = w;
        this.handleScopes.length = w;
        m?.exitScope();
        return this.obs('');
      }
      case 'writeRef': return this.writeRef(op.dst, op.val, m);
      case 'writeNum': return this.writeNum(op.dst, op.val, m);
      case 'read': return this.read(op.src, op.signed, op.keep, m);
      case 'cast': return this.cast(op.h, op.to, m);
      case 'arrayLen': {
        const hd = this.handleAt(op.h);
        const want = m?.arrayLen(op.h);
        const got = this.attempt(() => this.store.heap.arrayLen(this.store.get(hd)));
        if (!this.outcome(m, got, 'arrayLen')) return;
        if (m !== null && got.value !== want) throw new OracleFailure('dangling', this.opIndex, `length ${String(want)}`, String(got.value), 'arrayLen');
        return this.obs(String(got.value));
      }
      case 'hostData': {
        const hd = this.handleAt(op.h);
        const want = m?.hostData(op.h);
        const got = this.attempt(() => this.store.hostData.get(this.store.heap.externrefHostData(this.store.get(hd))));
        if (!this.outcome(m, got, 'hostData')) return;
        if (m !== null && want !== undefined) checkHostData(want, got.value, this.opIndex);
        return this.obs(`h${hostKey(got.value)}`);
      }
      case 'pushFrame': return this.pushFrame(op.args, op.locals, m);
      case 'popFrame':
        for (const r of this.frameAt(0)) this.remember(r);
        this.frames.pop();
        m?.popFrame();
        return this.obs('');
      case 'gc':
      case 'gcSliced':
      case 'gcAbandon': return this.collect(op, m);
      case 'enterNoGc':
        this.store.enterNoGcScope();
        this.noGcDepth++;
        m?.enterNoGc();
        return this.obs('');
      case 'exitNoGc':
        if (this.noGcDepth === 0) throw new SkipOp();
        this.runtime(() => this.store.exitNoGcScope(), 'exitNoGc');
        this.noGcDepth--;
        m?.exitNoGc();
        return this.obs('');
      case 'reset': return this.reset(m);
      case 'forge': return this.forge(op);
      case 'tableFill': return this.tableFill(op, m);
      case 'tableGrow': return this.tableGrow(op, m);
      case 'arrayFill': return this.arrayFill(op, m);
      case 'arrayCopy': return this.arrayCopy(op, m);
      case 'newStructInit':
      case 'newArrayInit':
      case 'newArrayFixed': return this.allocInit(op, m);
    }
  }

  // --- bulk instructions and allocation with initial values ----------------------------------------

  /** Spec 4.4.6 `table.fill`: the interpreter's `tableFill`, one write barrier per element. */
  private tableFill(op: Op & { op: 'tableFill' }, m: ReferenceModel | null): void {
    const v = this.refOperand(op.val, m, 'tableFill');
    if (v === undefined) return;
    const table = this.tableAt(op.t, 0);
    const got = this.attempt(() => tableFill(this.store.heap, this.store.hostData, table, op.i, v.raw, op.n));
    m?.tableFill(op.t, op.i, op.n, v.mv);
    if (!this.outcome(m, got, 'tableFill')) return;
    this.obs('');
  }

  /** Spec 4.4.6 `table.grow` (4.5.3.7 growtable): `TableInstance.grow`, as the interpreter's `table.grow` runs it. */
  private tableGrow(op: Op & { op: 'tableGrow' }, m: ReferenceModel | null): void {
    const v = this.refOperand(op.val, m, 'tableGrow');
    if (v === undefined) return;
    const table = this.tableAt(op.t, 0);
    const got = this.attempt(() => table.grow(this.store.heap, this.store.hostData, op.n, v.raw));
    const want = m?.tableGrow(op.t, op.n, v.mv);
    if (!this.outcome(m, got, 'tableGrow')) return;
    if (m !== null && got.value !== want) throw new OracleFailure('differential', this.opIndex, `table.grow to return ${String(want)}`, String(got.value), `table ${op.t} (reference model vs runtime)`);
    this.obs(String(got.value));
  }

  /** Spec 4.4.7 `array.fill`: the interpreter's `arrayFillRange` (null and range checks, then `arraySet` per element). */
  private arrayFill(op: Op & { op: 'arrayFill' }, m: ReferenceModel | null): void {
    const v = this.initOperand(op.val, m, 'arrayFill');
    if (v === undefined) return;
    const hd = this.handleAt(op.h);
    const got = this.attempt(() => arrayFillRange(this.store.heap, this.store.hostData, this.store.get(hd), op.i, v.raw, op.n));
    m?.arrayFill(op.h, op.i, op.n, v.mv);
    if (!this.outcome(m, got, 'arrayFill')) return;
    this.obs('');
  }

  /** Spec 4.4.7 `array.copy`: the interpreter's `arrayCopyRange` (memmove order within one array). */
  private arrayCopy(op: Op & { op: 'arrayCopy' }, m: ReferenceModel | null): void {
    const dst = this.handleAt(op.dst);
    const src = this.handleAt(op.src);
    const got = this.attempt(() => arrayCopyRange(this.store.heap, this.store.hostData, this.store.get(dst), op.d, this.store.get(src), op.s, op.n));
    m?.arrayCopy(op.dst, op.d, op.src, op.s, op.n);
    if (!this.outcome(m, got, 'arrayCopy')) return;
    this.obs('');
  }

  /**
   * `struct.new`, `array.new`, `array.new_fixed` (spec 4.4.7) as the interpreter runs them
   * (`structNew`, `arrayNew`, `arrayNewFixed`): allocate, then store each operand with
   * `structSet`/`arraySet` (the write barrier for refs), then hand the object over, here to a new
   * handle. Operands are read from their slots after the allocation, which may collect, and nothing
   * between the allocation and the rooting allocates, so the raw ref stays valid. A read that
   * faults partway abandons the object with `dropGcRef` (the allocation's own count), which must
   * release what the stored operands reference (Wasmtime #12456); the handle then holds null.
   */
  private allocInit(op: Op & { op: 'newStructInit' | 'newArrayInit' | 'newArrayFixed' }, m: ReferenceModel | null): void {
    const struct = op.op === 'newStructInit';
    const len = op.op === 'newArrayInit' ? op.len : op.op === 'newArrayFixed' ? op.vals.length : 0;
    const r = this.alloc(() => (struct ? this.store.allocStruct(op.type) : this.store.allocArray(op.type, len)), struct ? 'struct' : 'array', op.type, len);
    const mo = m === null ? null : struct ? m.allocStruct(op.type) : m.allocArray(op.type, len);
    if (mo !== null) mo.addr = r;
    const heap = this.store.heap;
    const hd = this.store.hostData;
    const init = (k: number, v: { raw: FieldValue; mv: ModelValue }): void => {
      this.runtime(() => (struct ? heap.structSet(hd, r, k, v.raw) : heap.arraySet(hd, r, k, v.raw)), op.op);
      if (mo !== null) m!.initField(mo, k, v.mv);
    };
    let complete = true;
    if (op.op === 'newArrayInit') {
      const v = this.initOperand(op.val, m, op.op);
      if (v === undefined) complete = false;
      else for (let k = 0; k < len; k++) init(k, v);
    } else {
      for (let k = 0; k < op.vals.length && complete; k++) {
        const v = this.initOperand(op.vals[k]!, m, op.op);
        if (v === undefined) complete = false;
        else init(k, v);
      }
    }
    if (!complete) {
      this.runtime(() => heap.dropGcRef(hd, r), 'dropGcRef of an abandoned allocation');
      this.pushHandle(this.store.root(0, op.owned), op.owned);
      m?.keep(null, op.owned);
      return;
    }
    this.pushHandle(this.store.root(r, op.owned), op.owned);
    m?.keep(mo, op.owned);
    this.obs('');
  }

  /**
   * Read a ref operand (null, an i31, or a slot's current value) and check it against the model.
   * Undefined when the read faults (as the model must predict); the fault is then the op's
   * observation. The raw ref is borrowed: use it before anything can collect.
   */
  private refOperand(val: RefValue, m: ReferenceModel | null, what: string): { raw: GcRef; mv: ModelRef } | undefined {
    let mv: ModelRef = null;
    let fault: ModelFault | null = null;
    if (m !== null) {
      if (val.v === 'slot') {
        const v = m.read(val.slot, false);
        mv = v === undefined ? null : (v as ModelRef);
        fault = m.fault;
      } else mv = val.v === 'i31' ? val.n & 0x7fffffff : null;
    }
    const got = this.attempt(() => (val.v === 'slot' ? this.readRaw(val.slot, false) : val.v === 'i31' ? refI31(val.n) : 0));
    if (!this.outcome(m, got, `${what} (reading an operand)`, fault)) return undefined;
    if (m !== null && val.v === 'slot') checkReadRef(mv, got.value, this.opIndex, `operand of ${what}`);
    return { raw: this.refFrom(got.value), mv };
  }

  /** A ref operand (`refOperand`) or a numeric one (i64 decimal strings become bigints). */
  private initOperand(val: InitValue, m: ReferenceModel | null, what: string): { raw: FieldValue; mv: ModelValue } | undefined {
    if (typeof val === 'object') return this.refOperand(val, m, what);
    const v = typeof val === 'string' ? BigInt(val) : val;
    return { raw: v, mv: v };
  }

  /** Table t, checked to have element i (always so unless a taint made an earlier op fail). */
  private tableAt(t: number, i: number): TableInstance {
    const table = this.tables[t];
    if (table === undefined || i >= table.size) throw new SkipOp();
    return table;
  }

  // --- slots -------------------------------------------------------------------------------------

  /** The raw value in a slot (borrowed; use before anything can collect). */
  private readRaw(slot: Slot, signed: boolean): number | bigint | unknown {
    const heap = this.store.heap;
    switch (slot.s) {
      case 'handle': return this.store.get(this.handleAt(slot.h));
      case 'field': return heap.structGet(this.store.get(this.handleAt(slot.h)), slot.f, signed);
      case 'elem': return heap.arrayGet(this.store.get(this.handleAt(slot.h)), slot.i, signed);
      case 'global': return this.globals[slot.g]!;
      case 'table': return this.tableAt(slot.t, slot.i).elems[slot.i]!;
      case 'frame': return this.frameAt(slot.d)[slot.i]!;
    }
  }

  private frameAt(d: number): GcRef[] {
    const f = this.frames[this.frames.length - 1 - d];
    if (f === undefined) throw new SkipOp();
    return f;
  }

  /**
   * Write a ref through the barrier. The value is read from its slot first; if that read faults
   * (a null object or an index past the end), the fault is the op's observation and null is
   * written instead, so the destination's static type stays sound for the ops after it (fixup
   * typed them assuming the write happens).
   */
  private writeRef(dst: Slot, val: RefValue, m: ReferenceModel | null): void {
    let mv: ModelValue = null;
    if (m !== null) {
      if (val.v === 'slot') {
        const v = m.read(val.slot, false);
        mv = v === undefined ? null : v;
      } else mv = val.v === 'i31' ? val.n & 0x7fffffff : null;
    }
    const fault = m !== null && val.v === 'slot' ? m.fault : null;
    const got = this.attempt(() => (val.v === 'slot' ? this.readRaw(val.slot, false) : val.v === 'i31' ? refI31(val.n) : 0));
    const valueRead = this.outcome(m, got, 'writeRef (reading the value)', fault);
    if (valueRead && m !== null && val.v === 'slot') checkReadRef(mv as ModelRef, got.value, this.opIndex, 'value to write');
    const raw = valueRead ? this.refFrom(got.value) : 0;
    const heap = this.store.heap;
    const hd = this.store.hostData;
    const w = this.attempt(() => {
      switch (dst.s) {
        case 'handle': this.store.set(this.handleAt(dst.h), raw); return;
        case 'field': heap.structSet(hd, this.store.get(this.handleAt(dst.h)), dst.f, raw); return;
        case 'elem': heap.arraySet(hd, this.store.get(this.handleAt(dst.h)), dst.i, raw); return;
        case 'global': heap.writeGcRef(hd, this.globals, dst.g, raw); return;
        case 'table': this.tableAt(dst.t, dst.i).set(heap, hd, dst.i, raw); return;
        case 'frame': {
          heap.readBarrierToWasm(raw);
          const f = this.frameAt(dst.d);
          this.remember(f[dst.i]!);
          f[dst.i] = raw;
        }
      }
    });
    m?.write(dst, mv);
    if (!this.outcome(m, w, 'writeRef', m?.fault ?? null, valueRead)) return;
    if (valueRead) this.obs('');
  }

  private writeNum(dst: Slot, val: NumValue, m: ReferenceModel | null): void {
    const v = typeof val === 'string' ? BigInt(val) : val;
    const heap = this.store.heap;
    const w = this.attempt(() => {
      if (dst.s === 'field') heap.structSet(this.store.hostData, this.store.get(this.handleAt(dst.h)), dst.f, v);
      else if (dst.s === 'elem') heap.arraySet(this.store.hostData, this.store.get(this.handleAt(dst.h)), dst.i, v);
    });
    m?.write(dst, v);
    if (!this.outcome(m, w, 'writeNum')) return;
    this.obs('');
  }

  private read(src: Slot, signed: boolean, keep: 'no' | 'owned' | 'scoped', m: ReferenceModel | null): void {
    const want = m?.read(src, signed);
    const got = this.attempt(() => this.readRaw(src, signed));
    if (!this.outcome(m, got, 'read')) {
      if (keep !== 'no') this.keepValue(0, keep, null, m);
      return;
    }
    const isRef = this.isRefSlot(src, m);
    if (m !== null) {
      if (isRef) checkReadRef(want as ModelRef, got.value, this.opIndex, `read of ${slotText(src)}`);
      else checkReadNumeric(want as ModelValue, got.value, this.opIndex, `read of ${slotText(src)}`);
    }
    let text: string;
    if (isRef) {
      const raw = this.refFrom(got.value);
      text = m !== null ? refText(want as ModelRef) : rawRefText(raw);
      if (keep !== 'no') this.keepValue(raw, keep, want === undefined ? null : (want as ModelRef), m);
    } else {
      text = typeof got.value === 'bigint' ? `${got.value}n` : String(got.value);
    }
    this.obs(text);
  }

  /** Root a value just read in a new handle (`cloneGcRef` then root: the handle owns a count). */
  private keepValue(raw: number, keep: 'owned' | 'scoped', mv: ModelRef, m: ReferenceModel | null): void {
    const owned = keep === 'owned';
    const heap = this.store.heap;
    this.pushHandle(this.runtime(() => this.store.root(heap.cloneGcRef(raw), owned), 'keep'), owned);
    m?.keep(mv, owned);
  }

  /** Whether a slot holds refs: from the model's object type when checking, else from the header. */
  private isRefSlot(slot: Slot, m: ReferenceModel | null): boolean {
    if (slot.s !== 'field' && slot.s !== 'elem') return true;
    const type = m !== null
      ? (m.handleValue(slot.h) as ModelObject).type
      : this.runtime(() => this.store.heap.headerType(this.store.get(this.handleAt(slot.h))), 'headerType');
    const t = this.c.types[type]!;
    const st = t.kind === 'struct' ? t.fields[slot.s === 'field' ? slot.f : 0]!.storage : t.element.storage;
    return typeof st !== 'string';
  }

  private cast(h: number, to: RefHeap, m: ReferenceModel | null): void {
    const hd = this.handleAt(h);
    const heap = this.store.heap;
    const got = this.attempt(() => {
      const r = this.store.get(hd);
      if (r === 0) return false;
      if ((r & 1) === 1) return to === 'any' || to === 'eq' || to === 'i31';
      const kind = (heap.headerKind(r) & 0xfc000000) >>> 0;
      if (kind === GcKind.ExternRef) return to === 'extern';
      if (typeof to === 'number') return this.types.isSubtype(heap.headerType(r), to);
      return to === 'any' || to === 'eq' || (to === 'struct' && kind === GcKind.StructRef) || (to === 'array' && kind === GcKind.ArrayRef);
    });
    const want = m?.cast(h, to);
    if (!this.outcome(m, got, 'cast')) return;
    if (m !== null && got.value !== want) throw new OracleFailure('dangling', this.opIndex, `cast to ${String(to)} ${want ? 'succeeds' : 'fails'}`, got.value ? 'succeeds' : 'fails');
    const ok = got.value === true;
    this.pushHandle(this.runtime(() => this.store.root(ok ? heap.cloneGcRef(this.store.get(hd)) : 0, true), 'cast'), true);
    this.obs(ok ? 'c1' : 'c0');
  }

  private pushFrame(args: readonly RefValue[], locals: number, m: ReferenceModel | null): void {
    const heap = this.store.heap;
    let n = 0;
    for (const a of args) if (a.v === 'slot' && isHeapRef(this.refFrom(this.runtime(() => this.readRaw(a.slot, false), 'pushFrame')))) n++;
    if (n > 0) this.runtime(() => this.store.enterWasm(n), 'enterWasm');
    // The frame has its full size (all null) before any argument is exposed, so it is a root
    // throughout and keeps its shape even if an exposure fails.
    const frame: GcRef[] = new Array<GcRef>(args.length + locals).fill(0);
    this.frames.push(frame);
    const margs: ModelRef[] = [];
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!;
      const r = a.v === 'slot' ? this.refFrom(this.runtime(() => this.readRaw(a.slot, false), 'pushFrame')) : a.v === 'i31' ? refI31(a.n) : 0;
      this.runtime(() => heap.exposeGcRefToWasm(heap.cloneGcRef(r)), 'exposeGcRefToWasm');
      frame[k] = r;
      if (m !== null) {
        const mv = a.v === 'slot' ? (m.read(a.slot, false) as ModelRef) : a.v === 'i31' ? a.n & 0x7fffffff : null;
        if (a.v === 'slot') checkReadRef(mv, r, this.opIndex, 'argument passed to Wasm');
        margs.push(mv);
      }
    }
    m?.pushFrame(margs, locals);
    this.obs('');
  }

  private collect(op: Op & { op: 'gc' | 'gcSliced' | 'gcAbandon' }, m: ReferenceModel | null): void {
    const allowed = m === null ? this.noGcDepth === 0 : m.gcAllowed();
    const fault = m?.fault ?? null;
    const kind = this.o.fullGcOnly && op.op !== 'gc' ? (op.op === 'gcSliced' ? 'gc' : 'skip') : op.op;
    if (kind === 'skip') {
      // The reference run leaves abandoned collections out; inside a no-GC scope both must fail alike.
      this.obs(allowed ? '' : 'e:invariant');
      return;
    }
    const got = this.attempt(() => {
      if (kind === 'gc') return this.store.gc();
      const gc = this.store.startGc();
      const slices = op.op === 'gc' ? 0 : op.slices;
      let increments = 0;
      let done = false;
      while (!done && increments < slices) {
        increments++;
        done = gc.collectIncrement() === 'complete';
      }
      // gcSliced finishes increment by increment, as a store collection's `collect()` does, so the
      // count is known. A collection that needed two or more increments, or was abandoned after at
      // least one, is one whose schedule could differ from a full collection.
      while (kind === 'gcSliced' && !done) {
        increments++;
        done = gc.collectIncrement() === 'complete';
      }
      if (increments >= 2 || (!done && increments > 0)) this.scheduledCollections++;
    });
    if (!this.outcome(m, got, op.op, fault)) return;
    if (kind === 'gcAbandon' && m !== null) this.resync();
    this.obs('');
  }

  private reset(m: ReferenceModel | null): void {
    this.frames.length = 0;
    while (this.scopeMarks.length > 0) this.runtime(() => this.store.exitScope(this.scopeMarks.pop()!), 'exitScope');
    this.runtime(() => this.store.reset(), 'reset');
    this.globals.fill(0);
    for (const t of this.tables) t.elems.fill(0);
    this.handles.length = 0;
    this.handleScopes.length = 0;
    this.graveyard.length = 0;
    this.noGcDepth = 0;
    m?.reset();
    this.obs('');
  }

  private forge(op: Op & { op: 'forge' }): void {
    if (this.bystander === null) this.bystander = new Bystander(this.o.collector);
    const by = this.bystander;
    const ref = forgeRef(op.kind, op.n, this.store, this.handles.length === 0 ? 0 : this.store.get(this.handleAt(op.h)), this.graveyard, by);
    const scratch = [0];
    let threw = false;
    let error: unknown;
    let result: unknown;
    try {
      result = useForgedRef(op.use, ref, op.n, this.store, this.globals.length > 0 ? this.globals : scratch);
    } catch (e) {
      threw = true;
      error = e;
    }
    const { mayHaveMutated } = checkForgeOutcome({ opIndex: this.opIndex, kind: op.kind, use: op.use, threw, error, result, ref, isForeignHost: (v) => by.ownsHost(v) });
    checkOtherStoreUnchanged(by.baseline, by.fingerprint(), this.opIndex);
    this.obs(UNCOMPARED);
    if (mayHaveMutated && !this.tainted) {
      this.tainted = true;
      this.comparableOps = Math.min(this.comparableOps, this.opIndex + 1);
      if (this.stopReason === 'end') this.stopReason = 'taint';
    }
  }

  // --- collections and checks --------------------------------------------------------------------

  /** onGcComplete: the model drops what the collector promises to reclaim; walk, leak, host data. */
  private afterCompletedGc(): void {
    const m = this.model;
    if (m === null || this.tainted) return;
    const before = m.objects.size;
    m.completeCollection();
    this.objectsFreed += before - m.objects.size;
    this.resync();
    checkLeak(this.store.heap, this.store.hostData, m, this.opIndex, this.inFlightHost);
  }

  /** Heap walk against the model (every reachable object and field); records moved objects. */
  private resync(): void {
    this.objectsMoved += checkHeapAgainstModel(this.store.heap, this.store.hostData, this.model!, this.runtimeRoots(), this.opIndex, this.o.collector.moving);
  }

  private runtimeRoots(): RuntimeRoots {
    const handles: GcRef[] = [];
    for (const h of this.handles) handles.push(this.store.get(h));
    return { handles, globals: this.globals, tables: this.tables.map((t) => t.elems.subarray(0, t.size)), frames: this.frames };
  }

  // --- helpers -------------------------------------------------------------------------------------

  private alloc(fn: () => GcRef, kind: 'extern' | 'struct' | 'array', type: number, len: number): GcRef {
    try {
      return fn();
    } catch (e) {
      this.inFlightHost = null;
      if (e instanceof OutOfMemoryError) this.onOom(e, kind, type, len);
      if (e instanceof OracleFailure || this.tainted) throw e;
      throw new OracleFailure(oracleForUnexpectedError(e), this.opIndex, `allocation of ${kind} to succeed`, describeError(e));
    }
  }

  /** An OOM ends the run if the allowances cover it, else it is a leak (or the collector's bug). */
  private onOom(e: OutOfMemoryError, kind: 'extern' | 'struct' | 'array', type: number, len: number): never {
    const m = this.model;
    if (this.tainted || m === null) throw new StopRun('oom');
    const inNoGc = this.noGcDepth > 0;
    const kept = m.survivorBytes() + m.requestBytes(kind, type, len);
    if (isOomAllowed({ reclaims: m.reclaims, keptBytes: kept, maxHeapBytes: this.c.config.maxHeapBytes, inNoGcScope: inNoGc })) throw new StopRun('oom');
    throw new OracleFailure('leak', this.opIndex, `allocation to succeed (model keeps ~${kept} of ${this.c.config.maxHeapBytes} max heap bytes)`, describeError(e));
  }


  /** Run a runtime call the model says cannot fail; an error is a finding. */
  private runtime<T>(fn: () => T, what: string): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof OracleFailure || e instanceof StopRun || e instanceof SkipOp || this.tainted) throw e;
      throw new OracleFailure(oracleForUnexpectedError(e), this.opIndex, `${what} to succeed`, describeError(e));
    }
  }

  private attempt<T>(fn: () => T): Attempt<T> {
    try {
      return { threw: false, value: fn(), error: undefined };
    } catch (e) {
      if (e instanceof OracleFailure || e instanceof StopRun || e instanceof SkipOp) throw e;
      return { threw: true, value: undefined, error: e };
    }
  }

  /**
   * Compare a runtime attempt with the model's prediction (`fault`, default the model's last).
   * Returns true when the op succeeded and the caller should go on checking its value; records the
   * observation for a (predicted) fault.
   */
  private outcome<T>(m: ReferenceModel | null, a: Attempt<T>, what: string, fault = m?.fault ?? null, record = true): a is Attempt<T> & { threw: false; value: T } {
    if (m !== null) checkOpOutcome(fault, a.error, a.threw, this.opIndex, what);
    else if (a.threw) {
      checkTypedError(a.error, this.opIndex, what);
    }
    if (a.threw) {
      if (record) this.obs(`e:${errorKind(a.error)}`);
      return false;
    }
    return true;
  }

  /**
   * After a taint: run anyway; typed errors are fine, untyped ones are sandbox failures. An op that
   * should have made a handle but failed gets a null one, so later ops still name the handles the
   * case means.
   */
  private tryTainted(fn: () => void, what: string): void {
    const handles = this.handles.length;
    try {
      fn();
    } catch (e) {
      if (e instanceof OracleFailure || e instanceof StopRun) throw e;
      if (!(e instanceof SkipOp)) checkTypedError(e, this.opIndex, what);
      const op = this.c.ops[this.opIndex];
      const owned = op === undefined || this.handles.length !== handles ? undefined : ownedHandleMadeBy(op);
      if (owned !== undefined) this.pushHandle(this.store.root(0, owned), owned);
    }
  }

  /**
   * A value about to be used as a ref. Only a corrupted (tainted) run can make a ref location
   * yield something else (a field of an object that is not what the case assumed); the op is then
   * skipped rather than feeding a non-ref to the runtime.
   */
  private refFrom(v: unknown): GcRef {
    if (typeof v === 'number') return v;
    if (this.tainted) throw new SkipOp();
    throw new OracleFailure('sandbox', this.opIndex, 'a ref (u32)', `${typeof v} ${String(v)}`, 'value read from a ref location');
  }

  private obs(s: string): void {
    if (this.o.trace) this.trace.push(s);
  }

  private handleAt(h: number): Handle {
    const hd = this.handles[this.handles.length - 1 - h];
    if (hd === undefined) throw new SkipOp();
    return hd;
  }

  private pushHandle(h: Handle, owned: boolean): void {
    this.handles.push(h);
    this.handleScopes.push(owned ? -1 : this.scopeMarks.length);
  }

  /** Keep a few refs that were just released, to forge "freed" refs from. */
  private remember(r: GcRef): void {
    if (!isHeapRef(r)) return;
    if (this.graveyard.length >= 16) this.graveyard.shift();
    this.graveyard.push(r);
  }
}

interface Attempt<T> {
  readonly threw: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
}

function isHeapRef(r: number): boolean {
  return r !== 0 && (r & 1) === 0;
}

/** For ops after which fixup expects one more handle: whether it is owned; otherwise undefined. */
function ownedHandleMadeBy(op: Op): boolean | undefined {
  switch (op.op) {
    case 'newExtern': case 'newStruct': case 'newArray': case 'clone':
    case 'newStructInit': case 'newArrayInit': case 'newArrayFixed': return op.owned;
    case 'cast': return true;
    case 'read': return op.keep === 'no' ? undefined : op.keep === 'owned';
    default: return undefined;
  }
}

function hostKey(v: unknown): string {
  if (typeof v === 'object' && v !== null && 'serial' in v) return String((v as HostObject).serial);
  return `?${typeof v}`;
}

function refText(v: ModelRef): string {
  if (v instanceof ModelObject) return `o${v.id}`;
  return v === null ? 'n' : `i${v}`;
}

function rawRefText(r: number): string {
  if (r === 0) return 'n';
  if ((r & 1) === 1) return `i${r >>> 1}`;
  return 'o';
}

function slotText(s: Slot): string {
  switch (s.s) {
    case 'handle': return `handle ${s.h}`;
    case 'field': return `field ${s.f} of handle ${s.h}`;
    case 'elem': return `element ${s.i} of handle ${s.h}`;
    case 'global': return `global ${s.g}`;
    case 'table': return `table ${s.t}[${s.i}]`;
    case 'frame': return `frame ${s.d} slot ${s.i}`;
  }
}

