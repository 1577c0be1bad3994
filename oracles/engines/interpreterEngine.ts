import { HOST_FUNCS, HOST_MODULE, HOST_TAG, hostFuncType, type ArgValue, type HostFuncName, type WasmCase } from '../../src/cases/wasmCase';
import { GcfuzzError } from '../../src/errors/GcfuzzError';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { GcKind } from '../../src/runtime/gcKind';
import type { Handle } from '../../src/runtime/store';
import { Store } from '../../src/runtime/store';
import type { ExternVal } from '../../src/wasm/execution/externVal';
import { hostFunc, hostValueArray, type HostFunc, type HostValue } from '../../src/wasm/execution/hostFunc';
import { instantiate } from '../../src/wasm/execution/instantiate';
import { invoke } from '../../src/wasm/execution/invoke';
import type { ModuleInstance } from '../../src/wasm/execution/moduleInstance';
import { ValKind } from '../../src/wasm/execution/valKind';
import { WasmException } from '../../src/wasm/execution/wasmException';
import type { TagInstance } from '../../src/wasm/execution/tagInstance';
import type { FuncType } from '../../src/wasm/syntax/types';
import { WasmStore } from '../../src/wasm/execution/wasmStore';
import { validateModule } from '../../src/wasm/validation/validateModule';
import type { FinalHeap, ProgramHeap } from './checkProgramHeap';
import type { Engine } from './engine';
import { HostWorld } from './hostWorld';
import { summarizeF32Bits, summarizeF64, summarizeI32, summarizeI64 } from './numSummary';
import type { FinalState, Outcome, StepOutcome, ValueSummary } from './outcome';
import { summarizeGcRef } from './summarizeGcRef';
import { installMarkingOracles } from '../incremental/installMarkingOracles';
import { installFreeListOracle } from '../installFreeListOracle';
import { installDrcOracles } from '../installDrcOracles';
import { installStoreCountsOracle } from '../installStoreCountsOracle';
import { installStoreCallsOracle } from '../installStoreCallsOracle';
import { HeapCallLedger } from '../heapCallLedger';
import { checkHeapAccounting } from '../checkHeapAccounting';
import { ModelGcHeap } from './modelGcHeap';
import { judgeOutOfMemory } from './judgeOutOfMemory';
import { Bystander } from '../../src/harness/targets/ops/bystander';
import { bystanderChange } from './bystanderChange';
import { exportedFinalState } from './exportedFinalState';
import { gcStepBudgets } from './gcStepBudgets';
import { classifyStepError } from './classifyStepError';
import { heapDigest } from './heapDigest';
import { uncaughtException } from './uncaughtException';

/** How an interpreter engine sets up its store. */
export interface InterpreterEngineConfig {
  readonly collector: GcRuntime;
  /** Engine name in outcomes; default `interp:<collector name>`. */
  readonly name?: string;
  /** Small by default so allocation failures force collections during runs. */
  readonly initialHeapBytes?: number;
  readonly maxHeapBytes?: number;
  /** Instructions per invocation before Trap('out of fuel'). */
  readonly fuel?: number;
  readonly maxCallDepth?: number;
  /** Runtime gc_zeal: collect every N allocations, poison freed memory, integrity checks. */
  readonly zeal?: { readonly gcEveryNAllocs?: number; readonly poison?: boolean; readonly checks?: boolean };
  /** Run the program heap oracles after the final collection (default true). */
  readonly checkHeap?: boolean;
  /** Imports from modules other than `host` (Binaryen's `fuzzing-support`: src/harness/targets/ttf), made in each run's store. */
  readonly extraImports?: (env: InterpreterImportEnv) => Record<string, Record<string, ExternVal>>;
}

/** What `extraImports` may use: the run's stores and host world, and the instance once it exists. */
export interface InterpreterImportEnv {
  readonly ws: WasmStore;
  readonly store: Store;
  readonly world: HostWorld;
  readonly instance: () => ModuleInstance | undefined;
}

export const DEFAULT_INTERPRETER_CONFIG = {
  initialHeapBytes: 4 * 1024,
  maxHeapBytes: 1024 * 1024,
  fuel: 2_000_000,
  maxCallDepth: 200,
  zeal: { poison: true, checks: false },
} as const;

/**
 * What an interpreter run leaves behind, for tests and benchmarks. `outcome.stats` are taken
 * before the final collection: `collections` counts only those during the run.
 */
export interface InterpreterRun {
  readonly outcome: Outcome;
  readonly store: Store;
  /** Host ids of the host objects whose externrefs survived the final full collection (empty when it did not run). */
  readonly liveHostIds: ReadonlySet<number>;
  /** The heap after the final full collection, for the program-heap oracles (null when it did not run). */
  readonly finalHeap: FinalHeap | null;
}

/**
 * The project's interpreter on the runtime Store with one collector (a built-in one, a user's, or
 * the reference model's `modelCollector`). After the script it runs a full collection with only
 * globals, tables, element segments and host handles as roots and hands that heap back
 * (`runWithFinalHeap`) for the program-heap oracles, which it does not run itself. Traps, resource
 * exhaustion and engine errors (sandbox, invariant, internal) are reported in the Outcome; an
 * out-of-memory the heap's size does not justify is a 'leak' crash (judgeOutOfMemory.ts).
 */
export class InterpreterEngine implements Engine {
  readonly name: string;
  /** The current run's marking checkpoint (see `runKeeping`), called at every host call. */
  private checkpoint: () => void = () => {};
  /** The current run's `gc_step` calls on a non-incremental collector that ran more than one slice / abandoned the collection. */
  private slicedSteps = 0;
  private droppedSteps = 0;

  constructor(private readonly config: InterpreterEngineConfig) {
    this.name = config.name ?? `interp:${config.collector.name}`;
  }

  run(c: WasmCase): Outcome {
    return this.runKeeping(c).outcome;
  }

  runWithFinalHeap(c: WasmCase): { readonly outcome: Outcome; readonly finalHeap: FinalHeap | null } {
    return this.runKeeping(c);
  }

  runKeeping(c: WasmCase): InterpreterRun {
    const cfg = this.config;
    const world = new HostWorld(c.host);
    // Another store on the same collector, made first: nothing the program does may change its
    // heap bytes, objects or host-data table (the sandbox oracle's "other heap", as in the ops target).
    const bystander = new Bystander(cfg.collector);
    const bystanderBytes = heapDigest(bystander.store);
    const heapSize = {
      initialBytes: cfg.initialHeapBytes ?? DEFAULT_INTERPRETER_CONFIG.initialHeapBytes,
      maxBytes: cfg.maxHeapBytes ?? DEFAULT_INTERPRETER_CONFIG.maxHeapBytes,
      ...(c.host.incrementBudget !== undefined ? { incrementBudget: c.host.incrementBudget } : {}),
    };
    const store = new Store({
      collector: cfg.collector,
      initialHeapBytes: heapSize.initialBytes,
      maxHeapBytes: heapSize.maxBytes,
      zeal: cfg.zeal ?? DEFAULT_INTERPRETER_CONFIG.zeal,
      ...(c.host.incrementBudget !== undefined ? { incrementBudget: c.host.incrementBudget } : {}),
      ...(c.host.stackRootsTriggerFloor !== undefined ? { stackRootsTriggerFloor: c.host.stackRootsTriggerFloor } : {}),
    });
    installMarkingOracles(store.heap);
    const freeListOracle = installFreeListOracle(store.heap);
    installDrcOracles(store.heap, store.types, c.host.stackRootsTriggerFloor);
    // The accounting oracle on the heap under test (the model engine's heap is the reference, not judged).
    const ledger = store.heap instanceof ModelGcHeap ? null : HeapCallLedger.install(store.heap, store.types, heapSize);
    judgeOutOfMemory(store, heapSize.maxBytes);
    const storeCounts = ledger === null ? null : installStoreCountsOracle(store, cfg.zeal?.gcEveryNAllocs ?? 0);
    if (ledger !== null) installStoreCallsOracle(store, undefined);
    const ws = new WasmStore(store, { fuel: cfg.fuel ?? DEFAULT_INTERPRETER_CONFIG.fuel, maxCallDepth: cfg.maxCallDepth ?? DEFAULT_INTERPRETER_CONFIG.maxCallDepth });
    // Wasm instructions run between two checkpoints (host calls, invocation ends) at both of which
    // an incremental collection's marking was open: a lower bound of the Wasm run while marking.
    let checkpoint = -1;
    let whileMarking = 0;
    const markingCheckpoint = (): void => {
      const open = store.heap.isMarking?.() ?? false;
      if (open && checkpoint >= 0) whileMarking += ws.thread.executed - checkpoint;
      checkpoint = open ? ws.thread.executed : -1;
    };
    this.checkpoint = markingCheckpoint;
    const stats = (): Record<string, number> => {
      const t = store.gcTriggerCounts;
      return {
        collections: store.collections, executed: ws.thread.executed, objects: store.heap.stats().objectCount, wasmWhileMarking: whileMarking,
        gcAllocation: t.allocation, gcZeal: t.zeal, gcEnterWasm: t.enterWasm, gcIncrementalZeal: t.incrementalZeal, gcStep: t.gcStep,
        gcExplicit: t.explicit, gcSliced: t.sliced + this.slicedSteps, gcDropped: t.dropped + this.droppedSteps,
      };
    };
    this.slicedSteps = 0;
    this.droppedSteps = 0;
    const fail = (s: StepOutcome): InterpreterRun => ({ outcome: { engine: this.name, instantiation: s, invocations: [], stats: stats() }, store, liveHostIds: new Set(), finalHeap: null });

    const hostImports: Record<string, ExternVal> = {};
    // The host's tag (throw_exn throws it), made once the module's types are canonical (below).
    let hostTag: TagInstance | undefined;
    for (const im of c.module.imports) {
      if (im.module === HOST_MODULE && im.desc.kind === 'func' && im.name in HOST_FUNCS) {
        const name = im.name as HostFuncName;
        hostImports[name] = hostFunc(ws, hostFuncType(name), this.hostImpl(name, world, store, c, (p) => (hostTag === undefined ? undefined : ws.throwException(hostTag, p))), { name });
      }
    }
    let instance: ModuleInstance;
    let instantiated: ModuleInstance | undefined;
    const mark = store.enterScope();
    try {
      const validated = validateModule(c.module, store.types);
      const tagImport = c.module.imports.find((im) => im.module === HOST_MODULE && im.desc.kind === 'tag' && im.name === HOST_TAG.name);
      if (tagImport !== undefined) {
        const tagType: FuncType = { kind: 'func', params: [...HOST_TAG.params], results: [] };
        hostTag = ws.newTag(validated.typeIds[(tagImport.desc as { typeIndex: number }).typeIndex]!, tagType, HOST_TAG.name);
        hostImports[HOST_TAG.name] = hostTag;
      }
      const extra = cfg.extraImports?.({ ws, store, world, instance: () => instantiated }) ?? {};
      instance = instantiate(ws, validated, { ...extra, [HOST_MODULE]: hostImports });
      instantiated = instance;
    } catch (e) {
      return fail({ ...classifyStepError(e), hostCalls: world.takeCalls() });
    } finally {
      store.exitScope(mark);
    }
    const instantiation: StepOutcome = { kind: 'return', values: [], hostCalls: world.takeCalls() };

    const invocations: StepOutcome[] = [];
    for (const [k, inv] of c.invocations.entries()) {
      store.heap.setMutatorStep?.({ index: k, label: `invocation ${k} (${inv.export})` });
      const e = instance.getExport(inv.export);
      if (e === undefined || e.externKind !== 'func') {
        invocations.push({ kind: 'crash', error: 'missing export', message: inv.export, hostCalls: [] });
        continue;
      }
      const scope = store.enterScope();
      try {
        // hostValueArray, not .map: a double-elements array would quieten f64 NaN payloads.
        const args = hostValueArray(inv.args.length);
        inv.args.forEach((a, i) => {
          args[i] = this.hostArg(a, world, store);
        });
        const results = invoke(ws, e, args);
        markingCheckpoint();
        const values = results.map((v, i) => this.summarizeHostValue(v, e.resultKinds[i]!, world, store));
        invocations.push({ kind: 'return', values, hostCalls: world.takeCalls() });
      } catch (err) {
        invocations.push({ ...(err instanceof WasmException ? uncaughtException(ws, instance, world) : classifyStepError(err)), hostCalls: world.takeCalls() });
      } finally {
        store.exitScope(scope);
      }
      try {
        if (ledger !== null) checkHeapAccounting(ledger, k, `after invocation ${k} (${inv.export})`);
        storeCounts?.(k, `after invocation ${k} (${inv.export})`);
      } catch (err) {
        invocations[invocations.length - 1] = { ...classifyStepError(err), hostCalls: [] };
      }
    }

    let final: FinalState;
    try {
      final = exportedFinalState(c, instance, world, store);
    } catch (err) {
      invocations.push({ kind: 'crash', error: err instanceof Error ? err.name : 'exception', message: `reading the final state: ${err instanceof Error ? err.message : String(err)}`, hostCalls: [] });
      return { outcome: { engine: this.name, instantiation, invocations, stats: stats() }, store, liveHostIds: new Set(), finalHeap: null };
    }
    const during = stats();
    if (freeListOracle?.failure) throw freeListOracle.failure; // before the final collection meets what the failed call left
    const after = (cfg.checkHeap ?? true) ? this.finalCollection(instance, world, store) : { finalHeap: null, liveHostIds: new Set<number>() };
    const changed = bystanderChange(bystander, bystanderBytes);
    if (changed !== null) invocations.push({ kind: 'crash', error: 'sandbox', message: changed, hostCalls: [] });
    return { outcome: { engine: this.name, instantiation, invocations, final, stats: during }, store, ...after };
  }

  /**
   * The final full collection (roots: globals, tables, element segments, host handles): the heap
   * and its roots for the program-heap oracles, or the error the collection raised; and the host
   * objects whose externrefs survived (none when the heap cannot be walked).
   */
  private finalCollection(instance: ModuleInstance, world: HostWorld, store: Store): { finalHeap: FinalHeap; liveHostIds: Set<number> } {
    const live = new Set<number>();
    try {
      store.gc();
    } catch (e) {
      if (e instanceof GcfuzzError) return { finalHeap: { error: e }, liveHostIds: live };
      throw e;
    }
    const roots: { where: string; ref: number }[] = [];
    instance.globals.forEach((g, i) => {
      if (g.holdsGcRef) roots.push({ where: `global ${i}`, ref: g.cell[0]! });
    });
    instance.tables.forEach((t, ti) => {
      if (t.holdsGcRef) for (let i = 0; i < t.size; i++) roots.push({ where: `table ${ti}[${i}]`, ref: t.elems[i]! });
    });
    instance.elems.forEach((el, ei) => {
      if (el.holdsGcRef) for (let i = 0; i < el.length; i++) roots.push({ where: `elem ${ei}[${i}]`, ref: el.refs[i]! });
    });
    for (const h of store.liveHandles()) roots.push({ where: `host handle ${h.kind} ${h.index}`, ref: store.get(h) });
    const heap: ProgramHeap = {
      heap: store.heap, hostData: store.hostData, types: store.types, reclaims: store.collector.reclaims, roots,
      isHostObject: (v) => world.idOf(v) !== undefined,
    };
    try {
      store.heap.forEachObject((r) => {
        if (store.heap.headerKind(r) !== GcKind.ExternRef) return;
        const id = world.idOf(store.hostData.get(store.heap.externrefHostData(r)));
        if (id !== undefined) live.add(id);
      });
    } catch (e) {
      if (!(e instanceof GcfuzzError)) throw e;
      live.clear(); // a broken heap: the program-heap oracles report it
    }
    return { finalHeap: { heap }, liveHostIds: live };
  }

  private hostArg(a: ArgValue, world: HostWorld, store: Store): HostValue {
    switch (a.t) {
      case 'i32': return a.v | 0;
      case 'i64': return BigInt(a.v);
      case 'f32': return a.bits >>> 0;
      case 'f64': return a.v;
      case 'externref': {
        const o = world.externArg(a);
        return o === null ? null : store.root(store.allocExternref(o));
      }
    }
  }

  private summarizeHostValue(v: HostValue, kind: number, world: HostWorld, store: Store): ValueSummary {
    switch (kind) {
      case ValKind.I32: return summarizeI32(v as number);
      case ValKind.I64: return summarizeI64(v as bigint);
      case ValKind.F32: return summarizeF32Bits(v as number);
      case ValKind.F64: return summarizeF64(v as number);
      case ValKind.FuncRef: return v === null ? { t: 'null' } : { t: 'func' };
      default:
        return v === null ? { t: 'null' } : summarizeGcRef(store.heap, store.hostData, world, store.get(v as Handle));
    }
  }

  private hostImpl(name: HostFuncName, world: HostWorld, store: Store, c: WasmCase, hostThrow: (payload: [number, Handle | null]) => WasmException | undefined): HostFunc {
    const params = HOST_FUNCS[name].params;
    const trace = (args: HostValue[]): void => {
      this.checkpoint();
      world.record(name, params.map((p, i) => {
        const v = args[i]!;
        if (typeof p === 'string') {
          return p === 'i32' ? summarizeI32(v as number) : p === 'i64' ? summarizeI64(v as bigint) : p === 'f32' ? summarizeF32Bits(v as number) : summarizeF64(v as number);
        }
        return v === null ? { t: 'null' } : summarizeGcRef(store.heap, store.hostData, world, store.get(v as Handle));
      }));
    };
    switch (name) {
      case 'gc':
        return (args) => {
          trace(args);
          store.gc();
        };
      case 'gc_step':
        if (store.collector.mutatorRunsBetweenIncrements === true) {
          // Advance the open collection by a few slices of small seeded budgets and return to Wasm,
          // which keeps mutating (through the interpreter's barriers) while marking stays open.
          const next = gcStepBudgets(c);
          return (args) => {
            trace(args);
            for (let k = 0; k < world.behaviour.incrementSlices; k++) if (store.gcStep(next())) break;
            this.checkpoint();
          };
        }
        let calls = 0; // every third call is the store's own gcStep (a full collection here, judged by the store-calls oracle)
        return (args) => {
          trace(args);
          if (++calls % 3 === 0) return void store.gcStep(1);
          const g = store.startGc();
          let done = false;
          let k = 0;
          for (; k < world.behaviour.incrementSlices && !done; k++) done = g.collectIncrement() === 'complete';
          if (k > 1 || !done) this.slicedSteps++;
          if (!done && world.behaviour.abandonIncremental) this.droppedSteps++;
          if (!done && !world.behaviour.abandonIncremental) g.collect();
        };
      case 'make_extern':
        return (args) => {
          trace(args);
          return [store.root(store.allocExternref(world.make()))];
        };
      case 'pick_extern':
        return (args) => {
          trace(args);
          const o = world.pick(args[0] as number);
          return [o === null ? null : store.root(store.allocExternref(o))];
        };
      case 'extern_id':
        return (args) => {
          trace(args);
          const h = args[0] as Handle | null;
          if (h === null) return [0];
          const r = store.get(h);
          if ((r & 1) === 1 || store.heap.headerKind(r) !== GcKind.ExternRef) return [-1];
          const id = store.heap.externrefHostData(r);
          return [store.hostData.has(id) ? (world.idOf(store.hostData.get(id)) ?? -1) : -1];
        };
      case 'identity':
        return (args) => {
          trace(args);
          return [args[0]!];
        };
      case 'record':
        return (args) => {
          trace(args);
        };
      case 'hand_back':
        return (args) => {
          trace(args);
          const first = store.root(store.allocExternref(world.make()));
          return [first, args[0]!, store.root(store.allocExternref(world.make()))];
        };
      case 'throw_exn':
        return (args) => {
          trace(args);
          if (((args[0] as number) & 1) === 1) {
            const e = hostThrow([args[0] as number, args[1] as Handle | null]);
            if (e !== undefined) throw e;
          }
        };
    }
  }
}
