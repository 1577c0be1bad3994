import { InvariantError } from '../../errors/InvariantError';
import { OutOfMemoryError } from '../../errors/OutOfMemoryError';
import { SandboxError } from '../../errors/SandboxError';
import type { ExternRefHostDataTable } from '../externRefHostDataTable';
import type { FieldValue, GarbageCollection, GcHeapConfig, GcProgress, GcRuntime, LoggedRemoval, MarkingVerifier, MarkingView, MutatorStep } from '../gcHeap';
import { POISON_BYTE } from '../gcHeap';
import type { GcRef } from '../gcRef';
import { slotKindOf, type GcRefSlots, type GcRoot, type GcRootsList, type SlotKind } from '../gcRootsList';
import { COLLECTOR_BITS_MASK, FREED_WORD, GcHeapBase, K_ARRAY, K_EXN, K_EXTERN, K_STRUCT } from '../gcHeapBase';
import { FreeList } from '../freeList';
import { verifyFreeListHeap, walkFreeListHeap } from './freeListHeap';
import { ST_REF } from '../typeInfo';

/**
 * Header, 16 bytes:
 *   0  VMGcHeader word 0: kind bits | collector bits (MARK)
 *   4  VMGcHeader word 1: type index (0 for externrefs)
 *   8  the block's byte size (multiple of 16)
 *  12  reserved, 0
 * Array length at 16, elements at 20 (24 for 8-byte elements); externref host-data id at 16.
 */
const HEADER_SIZE = 16;
const OFF_SIZE = 8;
const ALIGN = 16;
const FIRST_OBJECT = 16;
/** Header bit: marked by the current collection (grey while on the mark stack, black once scanned). */
const MARK = 1;
/** Objects scanned per slice when the caller gives no budget. */
const DEFAULT_BUDGET = 64;
/** The removal log keeps at most this many entries per collection (the oldest are kept). */
const LOG_LIMIT = 1 << 16;

function isHeapRef(r: number): boolean {
  return r !== 0 && (r & 1) === 0;
}

const NO_STEP: MutatorStep = { index: -1, label: 'outside any labelled step' };

/**
 * A non-moving, tri-colour, incremental mark-sweep collector whose mutator runs between slices.
 *
 * Colours: white = MARK clear; grey = MARK set and on the mark stack; black = MARK set and scanned.
 * A collection starts by shading every root (the root snapshot), then each slice scans at most
 * `budget` grey objects. Between slices host ops, Wasm code, allocation and barriers run.
 *
 * Barrier (snapshot at the beginning, Yuasa deletion barrier): while marking is open, before a ref
 * slot is overwritten its old target is shaded grey. It covers every barriered slot kind: struct
 * fields and array elements (`structSet`/`arraySet`, so `array.fill`/`array.copy`/allocation with
 * initial values too), globals, table elements, element segments and host handles (`writeGcRef`
 * on the slot), and a host handle's drop or scope exit (`dropGcRef` shades the dropped ref). So
 * every object reachable when marking began stays reachable through grey/black objects or was
 * shaded when its last snapshot edge was deleted: all of it is marked by the end.
 *
 * Roots. Non-stack roots (globals, table elements, element segments, host handles) are scanned
 * incrementally: the collection starts with them on a pending list, and slices shade one root
 * slot's current value per budget unit before scanning grey objects. Until its slot is scanned a
 * root is like a field of a grey object, so overwriting or dropping it while marking is open runs
 * the deletion barrier (`writeGcRef` shades the old value, `dropGcRef` the dropped one). A table
 * that grows while pending keeps its old element array on the list: its values are shaded as they
 * were, and the new elements were written through the barrier.
 *
 * Wasm stack roots (interpreter frames, operand stacks) run no barrier: pushes, pops and local.set
 * are unbarriered. They are snapshotted instead: every `isOnWasmStack()` root is shaded when the
 * collection starts. That is sound because (1) whatever a frame held at the start is shaded then;
 * (2) any ref a frame acquires later was read from a place reachable at the snapshot, so it is
 * marked by the SATB argument above (an unreachable object cannot become reachable again), or was
 * allocated since (black allocation, below). No rescan of stack roots is needed at the final
 * slice; the final slice re-enumerates the roots only to hand the current ones to the verifier.
 *
 * Black allocation: while marking is open new objects get MARK at once, so the sweep of this
 * cycle cannot free them. Floating garbage (objects that died during marking) survives this cycle
 * and is freed by the next one that runs without mutation between slices.
 *
 * Sweep: atomic, in the final slice, which runs only outside no-GC scopes and only when the
 * caller allows completion (`collectIncrement`; `markSlice` never completes). Unmarked objects are
 * freed (an externref's host data released through the table given to `gc`), marked ones lose
 * their mark.
 *
 * Drop midway (Wasmtime #13516): a caller may stop calling `collectIncrement` at any time. The
 * collection then stays open (barriers stay on, nothing is freed) until the next `gc()` or
 * `reset()` discards it: its marks are cleared and the mark stack emptied, so the next
 * collection starts clean and the heap is as if it had never started.
 *
 * Verification hook: an installed `MarkingVerifier` is called at the first mutation of an open
 * marking (`start`) and at the end of marking before sweeping (`end`), for collections in which
 * the mutator ran between slices. Every ref-slot write while marking is logged with the mutator
 * step (`setMutatorStep`) before the barrier decides anything, so the log is independent of the
 * barrier it checks.
 *
 * The protected `barrierApplies`, `allocateBlack`, `snapshotsStackRoots`, `clearsMarksOnDrop` and
 * `sweepExternref` are the decisions the broken variants under tests/brokenCollectors override.
 */
export class IncrementalHeap extends GcHeapBase {
  protected bump = FIRST_OBJECT;
  protected readonly freeList = new FreeList();
  protected marking = false;
  protected readonly markStack: number[] = [];
  /** Non-stack roots not yet scanned by this collection (scanned from the end). */
  private readonly pendingRoots: GcRoot[] = [];
  private readonly budget: number;
  private roots: GcRootsList | null = null;
  /** With a verifier installed: every root of this collection's start and its value then. */
  private startRoots: { root: GcRoot; value: GcRef }[] = [];
  private sweepHostData: ExternRefHostDataTable | null = null;
  /** Bumped whenever a collection is discarded or completes; stale GarbageCollection objects compare against it. */
  private epoch = 0;
  private verifier: MarkingVerifier | null = null;
  private step: MutatorStep = NO_STEP;
  private barrierListener: (() => void) | null = null;
  private readonly log: LoggedRemoval[] = [];
  /** The mutator ran (allocated or wrote a ref slot) since this collection's marking began. */
  private mutated = false;
  private slicesThisCycle = 0;
  private nFrees = 0;
  private nShaded = 0;
  private nBarrierShades = 0;
  private nAllocBlack = 0;
  private nSlices = 0;
  private nCompleted = 0;
  private nCompletedMutated = 0;
  private nSlicesMutated = 0;
  private nDropped = 0;
  private nMutatorEventsMarking = 0;
  /** Units of marking work done (a pending root shaded or a grey object traced), for `MarkingVerifier.slice`. */
  private nScanned = 0;
  /** Set by structSet/arraySet for the ref-field write barrier: which slot is being written. */
  private wKind: 'field' | 'element' = 'field';
  private wHolder = 0;
  private wIndex = 0;

  constructor(readonly runtime: GcRuntime, config: GcHeapConfig) {
    super(config, HEADER_SIZE, ALIGN, FIRST_OBJECT);
    this.budget = config.incrementBudget ?? DEFAULT_BUDGET;
    if (!Number.isInteger(this.budget) || this.budget < 1) throw new InvariantError('incrementBudget', String(config.incrementBudget));
    if (this.poison) this.u8.fill(POISON_BYTE, FIRST_OBJECT, this.bound);
  }

  // --- Decisions the broken variants override -------------------------------------------------

  /** Whether the deletion barrier runs for a write of `newValue` into a slot of `kind`. */
  protected barrierApplies(_kind: SlotKind, _newValue: GcRef): boolean {
    return true;
  }

  /** Whether objects allocated while marking is open are marked at once. */
  protected allocateBlack(): boolean {
    return true;
  }

  /** Whether `isOnWasmStack()` roots are shaded in the root snapshot. */
  protected snapshotsStackRoots(): boolean {
    return true;
  }

  /** Whether the final slice shades the then-current stack roots (needed only by a design that does not snapshot them). */
  protected rescansStackRootsAtEnd(): boolean {
    return false;
  }

  /** Whether discarding an unfinished collection clears its marks. */
  protected clearsMarksOnDrop(): boolean {
    return true;
  }

  /** Sweep of one externref: free it when unmarked (releasing its host data). Returns whether it was freed. */
  protected sweepExternref(hostData: ExternRefHostDataTable, ref: number, marked: boolean): boolean {
    if (marked) return false;
    hostData.dealloc(this.u32[(ref + HEADER_SIZE) >>> 2]!);
    return true;
  }

  /**
   * How many units (pending roots shaded, grey objects traced) a slice given `budget` may scan:
   * the budget itself. The verifier's `slice` hook is told the budget given, so an override that
   * scans past it is what the slice-budget oracle catches.
   */
  protected sliceLimit(budget: number): number {
    return budget;
  }

  /** Whether the mutator has run since the open collection's marking began. */
  protected isMutatedCycle(): boolean {
    return this.mutated;
  }

  // --- Allocation ---------------------------------------------------------------------------------

  protected allocRaw(kindWord: number, ty: number, size: number): number {
    const total = this.allocSizeFor(size);
    if (total > this.maxBound - FIRST_OBJECT) throw new OutOfMemoryError(total, 'allocation larger than the maximum heap');
    if (this.checks) this.verifyOnAllocation();
    if (this.marking) this.noteMutation();
    let ref = this.freeList.alloc(total);
    if (ref === 0) {
      if (this.bump + total > this.bound) return 0;
      ref = this.bump;
      this.bump = ref + total;
    } else if (!this.poison && this.freeList.blockAt(ref + total) !== 0) {
      this.u32[(ref + total) >>> 2] = FREED_WORD;
    }
    if (this.poison) this.verifyPoison(ref, total, 'incremental allocation');
    this.u8.fill(0, ref, ref + total);
    const w = ref >>> 2;
    let w0 = kindWord;
    if (this.marking && this.allocateBlack()) {
      w0 |= MARK;
      this.nAllocBlack++;
    }
    this.u32[w] = w0 >>> 0;
    this.u32[w + 1] = ty;
    this.u32[w + 2] = total;
    this.liveObjects++;
    this.nAllocs++;
    return ref;
  }

  protected checkExtent(ref: number, w0: number, size: number): void {
    if ((w0 & COLLECTOR_BITS_MASK & ~MARK) !== 0) throw new SandboxError('bad header', ref, 'unknown collector bits');
    const stored = this.u32[(ref + OFF_SIZE) >>> 2]!;
    if (stored !== this.allocSizeFor(size)) throw new SandboxError('bad header', ref, `size ${stored}, object needs ${size}`);
    if (ref + stored > this.bump) throw new SandboxError('out of bounds', ref, 'past the bump pointer');
  }

  // --- Marking --------------------------------------------------------------------------------------

  /** Grey a heap ref (validated first, so a forged ref raises SandboxError and marks nothing). */
  protected shade(ref: GcRef): void {
    if (!isHeapRef(ref)) return;
    this.checkObject(ref);
    const w = ref >>> 2;
    const w0 = this.u32[w]!;
    if ((w0 & MARK) !== 0) return;
    this.u32[w] = (w0 | MARK) >>> 0;
    this.markStack.push(ref);
    this.nShaded++;
  }

  /** `shade` as a field visitor, made once (marking visits every field of every live object). */
  private readonly shadeField = (v: GcRef): void => this.shade(v);

  /** Scan up to `budget` pending roots and grey objects; true when both are done. */
  private drain(budget: number): boolean {
    const stack = this.markStack;
    const pending = this.pendingRoots;
    let n = 0;
    for (; n < budget && pending.length > 0; n++) {
      this.shade(pending.pop()!.get() ?? 0);
      this.nScanned++;
    }
    for (; n < budget && stack.length > 0; n++) {
      const r = stack.pop()!;
      this.forEachRefField(r, this.checkObject(r), this.shadeField);
      this.nScanned++;
    }
    return stack.length === 0 && pending.length === 0;
  }

  /** The first mutation of an open marking: the snapshot verifier sees the graph before it changes. */
  private noteMutation(): void {
    this.nMutatorEventsMarking++;
    if (this.mutated) return;
    this.mutated = true;
    if (this.verifier?.start !== undefined) this.verifier.start(this.view());
  }

  private view(): MarkingView {
    return {
      heap: this,
      roots: this.roots!,
      rootsAtStart: this.startRoots,
      isMarked: (ref) => {
        this.checkObject(ref);
        return (this.u32[ref >>> 2]! & MARK) !== 0;
      },
      forEachRefSlot: (ref, visit) => this.forEachRefSlot(ref, visit),
      removals: this.log,
      step: this.step,
      slices: this.slicesThisCycle,
    };
  }

  private forEachRefSlot(ref: GcRef, visit: (value: GcRef, kind: 'field' | 'element', index: number) => void): void {
    const k = this.checkObject(ref);
    const info = this.curInfo!;
    if (k === K_STRUCT || k === K_EXN) {
      for (let f = 0; f < info.fieldCodes.length; f++) if (info.fieldCodes[f] === ST_REF) visit(this.u32[(ref + info.fieldOffsets[f]!) >>> 2]!, 'field', f);
    } else if (k === K_ARRAY && info.elemCode === ST_REF) {
      const len = this.u32[(ref + info.lengthOffset) >>> 2]!;
      const base = (ref + info.elemsOffset) >>> 2;
      for (let i = 0; i < len; i++) visit(this.u32[base + i]!, 'element', i);
    }
  }

  protected startCollection(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
    if (this.marking) this.discardCollection();
    if (this.checks) this.verifyIntegrity();
    this.marking = true;
    this.mutated = false;
    this.slicesThisCycle = 0;
    this.log.length = 0;
    this.roots = roots;
    this.sweepHostData = hostData;
    this.startRoots = [];
    if (this.verifier !== null) for (const root of roots) this.startRoots.push({ root, value: root.get() });
    const stack = this.snapshotsStackRoots();
    try {
      for (const root of roots) {
        if (!root.isOnWasmStack()) this.pendingRoots.push(root);
        else if (stack) this.shade(root.get());
      }
    } catch (e) {
      this.discardCollection();
      throw e;
    }
    return new IncrementalCollection(this, this.epoch);
  }

  /**
   * One slice of the collection of `epoch`; completes only when `mayFinish` and outside no-GC
   * scopes. A slice that throws (a forged ref met while tracing, a verifier's failure) discards the
   * collection, so the heap is left as if it had never started.
   */
  slice(epoch: number, budget: number, mayFinish: boolean): GcProgress {
    if (epoch !== this.epoch || !this.marking) {
      throw new InvariantError('discarded collection', 'collectIncrement on a collection that completed, was dropped or was replaced');
    }
    try {
      return this.sliceUnguarded(budget, mayFinish);
    } catch (e) {
      if (this.marking && epoch === this.epoch) this.discardCollection();
      throw e;
    }
  }

  private sliceUnguarded(budget: number, mayFinish: boolean): GcProgress {
    if (!(budget >= 1)) throw new InvariantError('slice budget', String(budget));
    this.slicesThisCycle++;
    this.nSlices++;
    if (this.mutated) this.nSlicesMutated++;
    const max = budget === Infinity ? Number.MAX_SAFE_INTEGER : budget;
    const scannedBefore = this.nScanned;
    const done = this.drain(this.sliceLimit(max));
    if (this.verifier?.slice !== undefined) {
      this.verifier.slice({ budget, scanned: this.nScanned - scannedBefore, done, markStack: this.markStack.length, pendingRoots: this.pendingRoots.length, step: this.step });
    }
    if (!done) return 'continue';
    if (!mayFinish || this.noGcScopeDepth > 0) return 'continue';
    if (this.rescansStackRootsAtEnd()) {
      this.roots!.refresh();
      for (const root of this.roots!) if (root.isOnWasmStack()) this.shade(root.get());
      this.drain(Number.MAX_SAFE_INTEGER);
    }
    this.finish();
    return 'complete';
  }

  get defaultBudget(): number {
    return this.budget;
  }

  /** End of marking (mark stack empty): verify, sweep, and close the collection. */
  private finish(): void {
    if (this.mutated && this.verifier !== null) {
      this.roots!.refresh();
      this.verifier.end(this.view());
    }
    const hostData = this.sweepHostData!;
    const dead: number[] = [];
    const u32 = this.u32;
    this.walkObjects((ref) => {
      const w0 = u32[ref >>> 2]!;
      const marked = (w0 & MARK) !== 0;
      if (w0 >>> 26 === K_EXTERN) {
        if (this.sweepExternref(hostData, ref, marked)) dead.push(ref);
        else if (marked) u32[ref >>> 2] = (w0 & ~MARK) >>> 0;
      } else if (marked) u32[ref >>> 2] = (w0 & ~MARK) >>> 0;
      else dead.push(ref);
    });
    for (const r of dead) this.freeObject(r);
    if (this.mutated) this.nCompletedMutated++;
    this.closeCollection();
    this.nCompleted++;
    this.collectionsDone++;
    if (this.checks) this.verifyIntegrity();
  }

  private closeCollection(): void {
    this.marking = false;
    this.mutated = false;
    this.markStack.length = 0;
    this.pendingRoots.length = 0;
    this.startRoots = [];
    this.roots = null;
    this.sweepHostData = null;
    this.log.length = 0;
    this.epoch++;
  }

  /** Drop an unfinished collection: clear its marks, so the heap is as if it had never started. */
  private discardCollection(): void {
    if (this.clearsMarksOnDrop()) {
      const u32 = this.u32;
      this.walkObjects((ref) => {
        u32[ref >>> 2] = (u32[ref >>> 2]! & ~MARK) >>> 0;
      });
    }
    this.nDropped++;
    this.closeCollection();
  }

  private freeObject(ref: number): void {
    const size = this.u32[(ref + OFF_SIZE) >>> 2]!;
    if (this.poison) this.u8.fill(POISON_BYTE, ref, ref + size);
    else this.u32[ref >>> 2] = FREED_WORD;
    this.freeList.free(ref, size);
    const s = this.freeList.takeBlockEndingAt(this.bump);
    if (s !== 0) this.bump = s;
    this.liveObjects--;
    this.nFrees++;
  }

  // --- Barriers -----------------------------------------------------------------------------------

  private logRemoval(kind: SlotKind, holder: GcRef, slots: GcRefSlots | null, index: number, old: GcRef): void {
    if (this.log.length < LOG_LIMIT && isHeapRef(old)) this.log.push({ kind, holder, slots, index, old, step: this.step });
  }

  /** The deletion barrier for one slot about to lose `old` in favour of `value`. */
  private deletionBarrier(kind: SlotKind, holder: GcRef, slots: GcRefSlots | null, index: number, old: GcRef, value: GcRef): void {
    this.noteMutation();
    this.logRemoval(kind, holder, slots, index, old);
    if (isHeapRef(old) && this.barrierApplies(kind, value)) {
      const before = this.nShaded;
      this.shade(old);
      if (this.nShaded !== before) this.nBarrierShades++;
    }
  }

  cloneGcRef(ref: GcRef): GcRef {
    this.nClones++;
    return ref;
  }

  writeGcRef(hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void {
    this.nWrites++;
    if (this.marking) this.deletionBarrier(slotKindOf(slots), 0, slots, index, slots[index] ?? 0, source);
    slots[index] = source;
    this.barrierListener?.();
  }

  override structSet(hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void {
    this.wKind = 'field';
    this.wHolder = ref;
    this.wIndex = field;
    super.structSet(hostData, ref, field, value);
  }

  override arraySet(hostData: ExternRefHostDataTable, ref: GcRef, index: number, value: FieldValue): void {
    this.wKind = 'element';
    this.wHolder = ref;
    this.wIndex = index;
    super.arraySet(hostData, ref, index, value);
  }

  protected writeRefField(_hostData: ExternRefHostDataTable, addr: number, value: GcRef): void {
    const w = addr >>> 2;
    if (this.marking) this.deletionBarrier(this.wKind, this.wHolder, null, this.wIndex, this.u32[w]!, value);
    this.u32[w] = value;
    this.barrierListener?.();
  }

  /** A host handle released (drop, scope exit): while marking, its ref is shaded like an overwritten slot. */
  dropGcRef(_hostData: ExternRefHostDataTable, ref: GcRef): void {
    this.nDrops++;
    if (this.marking) this.deletionBarrier('handle', 0, null, -1, ref, 0);
    this.barrierListener?.();
  }

  exposeGcRefToWasm(_ref: GcRef): void {
    this.nExposes++;
  }

  readBarrierToWasm(_ref: GcRef): void {}

  needGcBeforeEnteringWasm(_numGcRefs: number): boolean {
    return false;
  }

  setMarkingVerifier(verifier: MarkingVerifier | null): void {
    this.verifier = verifier;
  }

  setMutatorStep(step: MutatorStep): void {
    this.step = step;
  }

  setBarrierListener(listener: (() => void) | null): void {
    this.barrierListener = listener;
  }

  isMarking(): boolean {
    return this.marking;
  }

  // --- Memory -------------------------------------------------------------------------------------

  grow(bytes: number): boolean {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) return false;
    return this.extendBound(this.bound + bytes);
  }

  reset(): void {
    if (this.marking) {
      this.nDropped++;
      this.closeCollection();
    }
    this.resetBase();
    this.bump = FIRST_OBJECT;
    this.freeList.clear();
    this.nFrees = this.nShaded = this.nBarrierShades = this.nAllocBlack = 0;
    this.nSlices = this.nCompleted = this.nCompletedMutated = this.nSlicesMutated = this.nDropped = this.nMutatorEventsMarking = 0;
    this.u8.fill(0, 0, FIRST_OBJECT);
    this.u8.fill(this.poison ? POISON_BYTE : 0, FIRST_OBJECT, this.bound);
  }

  // --- Introspection ------------------------------------------------------------------------------

  /** The free-list seam (`GcHeap.withFreeList`). */
  withFreeList(use: (list: FreeList) => void): void {
    use(this.freeList);
  }

  protected walkObjects(visit: (ref: GcRef) => void): void {
    walkFreeListHeap(this.u32, this.freeList, FIRST_OBJECT, this.bump, OFF_SIZE, ALIGN, visit);
  }

  protected verifyOnAllocation(): void {
    verifyFreeListHeap(this.u32, this.freeList, FIRST_OBJECT, this.bump, this.bound, ALIGN, this.poison);
  }

  /**
   * Zeal, per collection: the free list, poison of free blocks and the tail, and the colour
   * invariant: outside marking no object is marked; while marking every grey object is marked.
   */
  protected verifyCollector(): void {
    this.verifyOnAllocation();
    if (this.poison) {
      for (const [s, n] of this.freeList.blocks()) this.verifyPoison(s, n, 'free block');
      this.verifyPoison(this.bump, this.bound - this.bump, 'unallocated tail');
    }
    if (!this.marking) this.verifyNoMarks();
    else {
      for (const r of this.markStack) if ((this.u32[r >>> 2]! & MARK) === 0) throw new InvariantError('mark stack', `grey object ${r} lacks its mark`);
    }
  }

  /** Zeal: outside a collection no object carries a mark (a dropped collection must clear its own). */
  protected verifyNoMarks(): void {
    this.walkObjects((ref) => {
      if ((this.u32[ref >>> 2]! & MARK) !== 0) throw new InvariantError('mark bits', `object ${ref} marked outside a collection`);
    });
  }

  protected usedBytes(): number {
    return this.bump - FIRST_OBJECT - this.freeList.freeBytes;
  }

  protected capacityBytes(): number {
    return this.bound - FIRST_OBJECT;
  }

  protected collectorCounters(): Record<string, number> {
    return {
      frees: this.nFrees,
      shaded: this.nShaded,
      barrierShades: this.nBarrierShades,
      allocatedBlack: this.nAllocBlack,
      slices: this.nSlices,
      slicesWithMutation: this.nSlicesMutated,
      completedCollections: this.nCompleted,
      completedWithMutation: this.nCompletedMutated,
      droppedCollections: this.nDropped,
      mutatorEventsWhileMarking: this.nMutatorEventsMarking,
      marking: this.marking ? 1 : 0,
      markStack: this.markStack.length,
      pendingRoots: this.pendingRoots.length,
      freeBlocks: this.freeList.blockCount,
      freeBytes: this.freeList.freeBytes,
      largeBlockAllocs: this.freeList.largeAllocs,
      bumpPointer: this.bump,
    };
  }
}

/** A collection of an `IncrementalHeap`; stale once it completes or the heap drops it. */
class IncrementalCollection implements GarbageCollection {
  constructor(
    private readonly heap: IncrementalHeap,
    private readonly epoch: number,
  ) {}

  collectIncrement(budget?: number): GcProgress {
    return this.heap.slice(this.epoch, budget ?? this.heap.defaultBudget, true);
  }

  markSlice(budget: number): void {
    this.heap.slice(this.epoch, budget, false);
  }

  collect(): void {
    if (this.heap.slice(this.epoch, Infinity, true) !== 'complete') {
      throw new InvariantError('no-GC scope', 'collect() of an incremental collection inside a no-GC scope');
    }
  }
}
