import { Store, type Handle } from '../../../runtime/store';
import { isHeapRef, type GcRef } from '../../../runtime/gcRef';
import { GcTypeRegistry } from '../../../runtime/gcTypes';
import { OutOfMemoryError } from '../../../errors/OutOfMemoryError';
import { TableInstance } from '../../../wasm/execution/tableInstance';
import type { Op, OpCase } from '../../../gen/ops/opCase';
import { OP_CASE_LIMITS } from '../../../gen/ops/opCaseLimits';
import { runDeclaredOp, handleMadeBy } from '../../../cases/ops/opDeclarations';
import { ReferenceModel } from '../../../../oracles/referenceModel';
import type { Fault } from '../../../../oracles/modelSlot';
import type { HostObject } from '../../../../oracles/modelObject';
import { OracleFailure } from '../../../../oracles/OracleFailure';
import { checkOpOutcome } from '../../../../oracles/checkOpOutcome';
import { checkHeapAgainstModel } from '../../../../oracles/checkHeapAgainstModel';
import { checkLeak } from '../../../../oracles/checkLeak';
import { checkOtherStoreUnchanged, checkTypedError } from '../../../../oracles/checkSandbox';
import { isOomAllowed } from '../../../../oracles/allowedDifferences';
import { requestBytes, survivorBytes } from '../../../../oracles/oomEstimate';
import { checkNullOutOfMemory } from '../../../../oracles/checkNullOutOfMemory';
import { describeError, errorKind, oracleForUnexpectedError } from '../../../../oracles/classifyRuntimeError';
import { obsError, type Observation } from '../../../../oracles/observation';
import type { RuntimeRoots } from '../../../../oracles/runtimeRoots';
import { storeFingerprint } from '../../../../oracles/storeFingerprint';
import { installMarkingOracles } from '../../../../oracles/incremental/installMarkingOracles';
import { installFreeListOracle } from '../../../../oracles/installFreeListOracle';
import { installDrcOracles } from '../../../../oracles/installDrcOracles';
import { installGrowOracle } from '../../../../oracles/installGrowOracle';
import { installStoreCountsOracle } from '../../../../oracles/installStoreCountsOracle';
import { installStoreCallsOracle } from '../../../../oracles/installStoreCallsOracle';
import { HeapCallLedger } from '../../../../oracles/heapCallLedger';
import { checkHeapAccounting } from '../../../../oracles/checkHeapAccounting';
import { checkRootsList } from '../../../../oracles/checkRootsList';
import { mutatorRoots } from './mutatorRoots';
import { checkLiveHandles } from '../../../../oracles/checkLiveHandles';
import { tagSlots, type GcRootsList } from '../../../runtime/gcRootsList';
import { hostKey } from './opOperands';
import type { Bystander } from './bystander';
import { SkipOp, StopRun, type Attempt } from './opRunControl';
import { OpStep } from './opStep';
import { releaseEveryRoot } from './releaseEveryRoot';
import { RuntimeRootsView } from './runtimeRootsView';
import { OP_RUN_MODES, type OpRunModeSpec, type OpRunOptions, type OpRunResult } from './opRunMode';

/**
 * The lock-step runner of one op case on one collector: a Store with the case's types, globals,
 * tables (the interpreter's own `TableInstance`s), simulated Wasm frames (reported as Wasm stack
 * roots) and a pending-exception slot, and, in the modes that check, the reference model beside
 * it. Each op's declaration (src/cases/ops) drives both and records one observation; after every completed collection
 * (`Store.onGcComplete`) the heap is walked against the model and the leak and host-data counts
 * are checked (O(heap)). Throws OracleFailure on the first disagreement.
 *
 * Raw GcRefs are never held in locals across anything that can collect: values to write are read
 * from their slot right before the write; frame arguments are read after `enterWasm`.
 */
export class OpRunner {
  readonly store: Store;
  readonly types = new GcTypeRegistry();
  readonly mode: OpRunModeSpec;
  readonly handles: Handle[] = [];
  readonly handleScopes: number[] = [];
  readonly scopeMarks: number[] = [];
  readonly globals: GcRef[];
  readonly tables: TableInstance[];
  readonly frames: GcRef[][] = [];
  /** The store's pending (in-flight) exception, as the Wasm store keeps it: a root of kind 'pending-exception', written through the barrier. */
  readonly pending: GcRef[] = tagSlots([0], 'pending-exception');
  readonly trace: Observation[] = [];
  /** A few refs just released, to forge "freed" refs from. */
  readonly graveyard: GcRef[] = [];
  bystander: Bystander | null = null;
  hostSerial = 0;
  /** The host object of an externref being allocated (the leak oracle allows its host-data entry). */
  inFlightHost: HostObject | null = null;
  opIndex = -1;
  tainted = false;
  noGcDepth = 0;
  objectsMoved = 0;
  scheduledCollections = 0;
  /**
   * On a collector whose mutator may not run between increments: the slice budgets of the explicit
   * incremental collection `gcStart` requested (null: none), run back to back at `gcFinish`/`gcDrop`.
   */
  deferredSlices: number[] | null = null;
  private readonly checked: ReferenceModel | null;
  /** The runtime calls made on the store's heap, for the accounting oracle (in the modes that check). */
  private readonly ledger: HeapCallLedger | null;
  /** The store-counts part of the accounting oracle (oracles/installStoreCountsOracle.ts), judged after the closing collection. */
  private readonly storeCounts: ((opIndex: number, when: string) => void) | null;
  private comparableOps: number;
  private stopReason: OpRunResult['stopReason'] = 'end';
  private objectsFreed = 0;
  private caseCounts: ReturnType<OpRunner['counts']> | null = null;
  /** Forge-op probes that walk the heap several times and so run once per run, at the first forge op they apply to (forgeWalk.ts). */
  readonly probedOnce = new Set<'walk'>();
  private readonly rootsView: RuntimeRootsView;
  /** Every root the mutator holds, for the roots oracle (mutatorRoots.ts). */
  private readonly mutatorRoots = mutatorRoots(this);

  constructor(
    readonly c: OpCase,
    readonly options: OpRunOptions,
  ) {
    this.mode = OP_RUN_MODES[options.mode];
    for (const t of c.types) this.types.register(t);
    this.store = new Store({
      collector: options.collector,
      initialHeapBytes: c.config.heapBytes,
      maxHeapBytes: c.config.maxHeapBytes,
      zeal: { ...(c.config.zeal.gcEveryNAllocs > 0 ? { gcEveryNAllocs: c.config.zeal.gcEveryNAllocs } : {}), poison: c.config.zeal.poison, checks: c.config.zeal.checks },
      incrementBudget: c.config.incrementBudget,
      ...(c.config.stackRootsTriggerFloor !== undefined ? { stackRootsTriggerFloor: c.config.stackRootsTriggerFloor } : {}),
      types: this.types,
      // The full-collection runs are the incremental-vs-full reference: no zeal slices either.
      ...(this.mode.fullGcOnly ? { incrementalZeal: null } : {}),
    });
    this.ledger = this.mode.model ? HeapCallLedger.install(this.store.heap, this.types, { initialBytes: c.config.heapBytes, maxBytes: c.config.maxHeapBytes, incrementBudget: c.config.incrementBudget }) : null;
    if (this.ledger !== null) this.ledger.onCollectionStart = (roots) => this.checkRoots(roots, 'roots handed to a collection');
    if (this.mode.model) installMarkingOracles(this.store.heap, (roots) => this.checkRoots(roots, 'roots refreshed at the end of incremental marking'));
    if (this.mode.model) installFreeListOracle(this.store.heap, () => this.opIndex);
    if (this.mode.model) installDrcOracles(this.store.heap, this.types, c.config.stackRootsTriggerFloor, () => this.opIndex);
    if (this.mode.model) installGrowOracle(this.store.heap, c.config.maxHeapBytes, () => this.opIndex);
    this.storeCounts = this.mode.model ? installStoreCountsOracle(this.store, c.config.zeal.gcEveryNAllocs, () => this.opIndex) : null;
    if (this.mode.model) installStoreCallsOracle(this.store, this.mode.fullGcOnly ? null : undefined, () => this.opIndex);
    this.globals = tagSlots(new Array<GcRef>(c.globals.length).fill(0), 'global');
    this.rootsView = new RuntimeRootsView(this.globals, this.frames, this.pending);
    const max = OP_CASE_LIMITS.tableMaximum;
    this.tables = c.tables.map((t) => new TableInstance({ limits: { min: t.size, max }, element: { kind: 'ref', nullable: true, heap: t.elem } }, true, Math.max(max, t.size)));
    this.comparableOps = c.ops.length;
    this.checked = this.mode.model ? new ReferenceModel(c.types, c.globals.length, c.tables.map((t) => t.size), options.collector.reclaims, max) : null;
    this.store.addRootProvider((roots) => {
      if (isHeapRef(this.pending[0]!)) roots.addRoot(this.pending, 0);
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
    if (this.checked !== null) this.store.onGcComplete = () => this.afterCompletedGc();
  }

  /** The model ops must answer to now: none without one, or once a forged write tainted the run. */
  get model(): ReferenceModel | null {
    return this.tainted ? null : this.checked;
  }

  /** The lock-step loop: each op through its declaration, then the closing full collection. */
  run(): OpRunResult {
    const ops = this.c.ops;
    let i = 0;
    const label = this.store.heap.setMutatorStep?.bind(this.store.heap);
    try {
      for (; i < ops.length; i++) {
        this.opIndex = i;
        const op = ops[i]!;
        label?.(new OpStep(i, op));
        if (this.tainted) this.tryTainted(() => runDeclaredOp(this, op), op);
        else runDeclaredOp(this, op);
        this.checkAccounting(this.afterOpLabel);
      }
      this.opIndex = ops.length;
      return this.result(ops.length, this.finish());
    } catch (e) {
      if (!(e instanceof StopRun)) throw e;
      this.stopReason = e.reason;
      this.comparableOps = Math.min(this.comparableOps, i);
      // The refused allocation changed neither side, so the model still answers for the heap.
      if (this.model !== null) this.releaseAndCollect('after the allowed out-of-memory');
      return this.result(i, '');
    }
  }

  private result(opsRun: number, fingerprint: string): OpRunResult {
    return { collector: this.options.collector.name, trace: this.trace, opsRun, comparableOps: Math.min(this.comparableOps, opsRun), stopReason: this.stopReason, fingerprint, ...(this.caseCounts ?? this.counts()) };
  }

  /** What the case's own collections did (the release collection is the oracle's, not the case's). */
  private counts(): Pick<OpRunResult, 'collections' | 'objectsFreed' | 'objectsMoved' | 'scheduledCollections' | 'gcTriggers'> {
    return { collections: this.store.collections, objectsFreed: this.objectsFreed, objectsMoved: this.objectsMoved, scheduledCollections: this.scheduledCollections + this.store.incrementalCycles, gcTriggers: this.store.gcTriggerCounts };
  }

  /** Leave every no-GC scope, collect fully once more (all checks run), fingerprint the result. */
  private finish(): string {
    if (this.tainted) {
      this.tryTainted(() => {
        this.leaveNoGcScopes();
        this.store.gc();
      }, undefined);
      if (this.bystander !== null) checkOtherStoreUnchanged(this.bystander.baseline, this.bystander.fingerprint(), this.opIndex);
      return '';
    }
    this.leaveNoGcScopes();
    this.closingGc('closing full collection after the last op');
    const fp = this.mode.fingerprint;
    const print = fp === 'never' || (fp === 'if-scheduled' && this.scheduledCollections === 0) ? '' : storeFingerprint(this.store.heap, this.types, this.store.hostData, this.runtimeRoots(), hostKey);
    if (this.model !== null) this.releaseAndCollect('after the closing one');
    return print;
  }

  private leaveNoGcScopes(): void {
    for (; this.noGcDepth > 0; this.noGcDepth--) {
      this.store.exitNoGcScope();
      this.checked?.exitNoGc();
    }
  }

  /** Release every root (releaseEveryRoot.ts) and collect: what is left must be what the collector's promise keeps (a collector that reclaims nothing keeps all: skipped). */
  private releaseAndCollect(when: string): void {
    if (this.options.collector.reclaims === 'nothing') return;
    this.leaveNoGcScopes();
    this.caseCounts = this.counts();
    releaseEveryRoot(this);
    this.closingGc(`full collection after releasing every root, ${when}`);
  }

  /** A full collection after the ops (every post-collection oracle runs), then the accounting and store-counts checks; failures say which. */
  private closingGc(which: string): void {
    try {
      this.runtime(() => this.store.gc(), which);
    } catch (e) {
      if (!(e instanceof OracleFailure)) throw e;
      throw new OracleFailure(e.oracle, e.opIndex, e.expected, e.actual, e.detail ? `${e.detail}; ${which}` : which);
    }
    this.checkAccounting(`after the ${which}`);
    this.storeCounts?.(this.opIndex, `after the ${which}`);
  }

  /** Taint the run: a forged ref may have changed the heap, so from here on only the sandbox oracle checks (the model and the marking oracles stop). */
  taint(): void {
    if (this.tainted) return;
    this.tainted = true;
    this.store.heap.setMarkingVerifier?.(null);
    this.comparableOps = Math.min(this.comparableOps, this.opIndex + 1);
    if (this.stopReason === 'end') this.stopReason = 'taint';
  }

  // --- collections and checks --------------------------------------------------------------------

  /** onGcComplete: the model drops what the collector promises to reclaim; walk, leak, host data. */
  private afterCompletedGc(): void {
    const m = this.model;
    if (m === null) return;
    const before = m.objects.size;
    m.completeCollection();
    this.objectsFreed += before - m.objects.size;
    this.resync();
    checkLeak(this.store.heap, this.store.hostData, m, this.opIndex, this.inFlightHost);
  }

  /** Heap walk against the model (every reachable object and field); records moved objects. */
  resync(): void {
    this.objectsMoved += checkHeapAgainstModel(this.store.heap, this.store.hostData, this.checked!, this.runtimeRoots(), this.opIndex, this.options.collector.moving);
  }

  /** The accounting oracle (cheap: no heap walk), while the model is in charge. */
  private checkAccounting(when: string | (() => string)): void {
    if (this.ledger !== null && this.model !== null) checkHeapAccounting(this.ledger, this.opIndex, when);
  }

  /** The label of the accounting check after the current op (built only on failure). */
  private readonly afterOpLabel = (): string => `after op ${this.opIndex} (${this.c.ops[this.opIndex]?.op ?? 'none'})`;

  /** The roots oracle on a roots list the collector is handed and on the store's live handles, while the model is in charge. */
  private checkRoots(roots: GcRootsList, when: string): void {
    if (this.model === null) return;
    checkRootsList(roots, this.mutatorRoots, this.opIndex, when);
    checkLiveHandles(this.store.liveHandles(), this.handles, this.opIndex, when);
  }

  /** The run's raw roots, parallel to the model's (runtimeRootsView.ts). */
  runtimeRoots(): RuntimeRoots {
    return this.rootsView.refill(this.store, this.handles, this.tables);
  }

  // --- runtime calls -------------------------------------------------------------------------------

  /** An allocation; an OOM ends the run if the allowances cover it, else it is a finding. */
  alloc(fn: () => GcRef, kind: 'extern' | 'struct' | 'array', type: number, len: number): GcRef {
    try {
      return fn();
    } catch (e) {
      this.inFlightHost = null;
      if (e instanceof OutOfMemoryError) this.onOom(e, kind, type, len);
      if (e instanceof OracleFailure || this.tainted) throw e;
      throw new OracleFailure(oracleForUnexpectedError(e), this.opIndex, `allocation of ${kind} to succeed`, describeError(e));
    }
  }

  private onOom(e: OutOfMemoryError, kind: 'extern' | 'struct' | 'array', type: number, len: number): never {
    const m = this.model;
    if (m === null) throw new StopRun('oom');
    if (kind === 'array') checkNullOutOfMemory(this.store.heap, this.types, type, len, this.c.config.maxHeapBytes, this.opIndex, describeError(e));
    const kept = survivorBytes(m) + requestBytes(m, kind, type, len);
    if (isOomAllowed({ reclaims: m.reclaims, keptBytes: kept, maxHeapBytes: this.c.config.maxHeapBytes, inNoGcScope: this.noGcDepth > 0 })) throw new StopRun('oom');
    throw new OracleFailure('leak', this.opIndex, `allocation to succeed (model keeps ~${kept} of ${this.c.config.maxHeapBytes} max heap bytes)`, describeError(e));
  }

  /** Run a runtime call the model says cannot fail; an error is a finding. */
  runtime<T>(fn: () => T, what: string): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof OracleFailure || e instanceof StopRun || e instanceof SkipOp || this.tainted) throw e;
      throw new OracleFailure(oracleForUnexpectedError(e), this.opIndex, `${what} to succeed`, describeError(e));
    }
  }

  /** Run a runtime call that may fail; `outcome` then judges it. */
  attempt<T>(fn: () => T): Attempt<T> {
    try {
      return { threw: false, value: fn(), error: undefined };
    } catch (e) {
      if (e instanceof OracleFailure || e instanceof StopRun || e instanceof SkipOp) throw e;
      return { threw: true, value: undefined, error: e };
    }
  }

  /**
   * Compare a runtime attempt with the model's prediction `fault` (null: must succeed; without a
   * model any typed error is fine). True when the op succeeded and the caller should go on checking
   * its value; records the error observation for a (predicted) fault when `record`.
   */
  outcome<T>(a: Attempt<T>, what: string, fault: Fault | null, record = true): a is Attempt<T> & { threw: false; value: T } {
    if (this.model !== null) checkOpOutcome(fault === null ? null : fault.kind, a.error, a.threw, this.opIndex, what);
    else if (a.threw) checkTypedError(a.error, this.opIndex, what);
    if (a.threw) {
      if (record) this.obs(obsError(errorKind(a.error)));
      return false;
    }
    return true;
  }

  /**
   * After a taint: run anyway; typed errors are fine, untyped ones are sandbox failures. An op that
   * should have made a handle but failed gets a null one, so later ops still name the handles the
   * case means.
   */
  private tryTainted(fn: () => void, op: Op | undefined): void {
    const handles = this.handles.length;
    try {
      fn();
    } catch (e) {
      if (e instanceof OracleFailure || e instanceof StopRun) throw e;
      if (!(e instanceof SkipOp)) checkTypedError(e, this.opIndex, op?.op ?? 'final gc');
      const owned = op === undefined || this.handles.length !== handles ? undefined : handleMadeBy(op);
      if (owned !== undefined) this.pushHandle(this.store.root(0, owned), owned);
    }
  }

  // --- state ---------------------------------------------------------------------------------------

  obs(o: Observation): void {
    this.trace.push(o);
  }

  /** Handle `h` counted from the newest (skipped after a taint made an earlier op fail to make it). */
  handleAt(h: number): Handle {
    const hd = this.handles[this.handles.length - 1 - h];
    if (hd === undefined) throw new SkipOp();
    return hd;
  }

  pushHandle(h: Handle, owned: boolean): void {
    this.handles.push(h);
    this.handleScopes.push(owned ? -1 : this.scopeMarks.length);
  }

  /** Table t, checked to have element i (always so unless a taint made an earlier op fail). */
  tableAt(t: number, i: number): TableInstance {
    const table = this.tables[t];
    if (table === undefined || i >= table.size) throw new SkipOp();
    return table;
  }

  /** Frame d counted from the innermost. */
  frameAt(d: number): GcRef[] {
    const f = this.frames[this.frames.length - 1 - d];
    if (f === undefined) throw new SkipOp();
    return f;
  }

  /** Keep a few refs that were just released, to forge "freed" refs from. */
  remember(r: GcRef): void {
    if (!isHeapRef(r)) return;
    if (this.graveyard.length >= 16) this.graveyard.shift();
    this.graveyard.push(r);
  }
}
