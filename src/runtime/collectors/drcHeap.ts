import { InvariantError } from '../../errors/InvariantError';
import { OutOfMemoryError } from '../../errors/OutOfMemoryError';
import { SandboxError } from '../../errors/SandboxError';
import type { ExternRefHostDataTable } from '../externRefHostDataTable';
import type { GarbageCollection, GcHeapConfig, GcProgress, GcRuntime } from '../gcHeap';
import { POISON_BYTE } from '../gcHeap';
import type { GcRef } from '../gcRef';
import type { GcRefSlots, GcRootsList, SlotKind } from '../gcRootsList';
import { slotKindOf } from '../gcRootsList';
import { COLLECTOR_BITS_MASK, FREED_WORD, GcHeapBase, K_ARRAY, K_EXN, K_EXTERN, K_STRUCT } from '../gcHeapBase';
import { FreeList, type FreeListFaults } from '../freeList';
import { verifyFreeListHeap, walkFreeListHeap } from './freeListHeap';
import { ST_REF } from '../typeInfo';

/**
 * DRC header, 24 bytes (Wasmtime's `VMDrcHeader`):
 *   0  VMGcHeader word 0: kind bits | collector bits (LISTED, MARKED)
 *   4  VMGcHeader word 1: type index (0 for externrefs)
 *   8  ref_count: a u64 slot; the count lives in the low word and the high word is always 0
 *      (counts are bounded by the number of u32 slots that can hold the ref, so 32 bits suffice;
 *      an increment past 2^32-1 raises InvariantError instead of wrapping)
 *  16  next_over_approximated_stack_root: intrusive list link (a ref, 0 ends the list)
 *  20  object_size: the block's byte size (multiple of 16)
 * Array length at 24, elements at 28 (or 32 for 8-byte elements); externref host-data id at 24.
 */
const HEADER_SIZE = 24;
const OFF_COUNT = 8;
const OFF_COUNT_HI = 12;
const OFF_NEXT = 16;
const OFF_SIZE = 20;
const ALIGN = 16;
/** Index 0 is null and the first 16-byte granule is never handed out. */
const FIRST_OBJECT = 16;
/** Header bit: the object is on the over-approximated stack-roots list (which holds one count). */
const LISTED = 1;
/** Header bit: set during a collection's trace on listed objects referenced from Wasm frames. */
const MARKED = 2;
/** `needGcBeforeEnteringWasm` never fires below this list length (Wasmtime's floor) unless the config lowers it. */
export const LIST_TRIGGER_FLOOR = 1024;

function isHeapRef(r: number): boolean {
  return r !== 0 && (r & 1) === 0;
}

/**
 * Fault-injection seams: each turns on one documented bug shape, so a deliberately broken
 * collector (tests/brokenCollectors) is this heap with an option the type checker sees. A correct
 * collector passes none.
 */
export interface DrcFaults {
  /** The free list's own seam (FreeListFaults), e.g. large blocks never reused. */
  readonly freeList?: FreeListFaults;
  /** Wasmtime #9701: an object whose count reaches zero is freed without decrementing its children. */
  readonly skipChildDecrements?: boolean;
  /** An exception object whose count reaches zero is freed without decrementing its payload refs (they leak). */
  readonly skipExnPayload?: boolean;
  /**
   * Wasmtime #13330's shape: storing an exnref into a global, a table element, a struct field or an
   * array element is a plain store that skips the write barrier's increment (the old value is still
   * released), so the exception object is under-counted and freed while that slot still holds it.
   */
  readonly skipExnrefStoreBarrier?: boolean;
  /**
   * CVE-2021-39216's shape (Wasmtime before 0.30): a transition to Wasm does not make room on the
   * stack-roots list for all its refs first (`needGcBeforeEnteringWasm` says no and only notes how
   * many refs follow); instead each of those refs that is not yet listed is inserted with a
   * collection first when the list is at its threshold (`insert_with_gc`). That collection sweeps
   * the refs of the same transition inserted before it: they are listed, but on no Wasm stack yet,
   * so the list's count of them is dropped while Wasm is about to receive them. The collection
   * uses the store's last roots list, refreshed (none before the store's first collection).
   */
  readonly insertWithGc?: boolean;
}

/**
 * Wasmtime's deferred reference-counting collector.
 *
 * Counts come from every place outside the Wasm stack that holds a ref: heap fields, globals,
 * tables, host handles (each through `cloneGcRef` / `writeGcRef` / `dropGcRef`; the write barrier
 * counts the new value BEFORE releasing the old one). Refs that flow onto the Wasm stack are not
 * counted per push: `readBarrierToWasm` and `exposeGcRefToWasm` put the object on the intrusive
 * over-approximated stack-roots list, which holds exactly one count per listed object (exposing an
 * already-listed object drops the extra count: Wasmtime #13037).
 *
 * A collection traces ONLY Wasm stack roots (`isOnWasmStack()`), marking listed objects, then
 * sweeps the list: marked entries stay, the rest are unlinked and decremented. A count reaching
 * zero frees the object: its children are decremented with an explicit work stack (never
 * recursion, so deep chains cannot overflow the JS stack; #9701 was a missing child decrement),
 * an externref's host data is released, and the block returns to the free list, coalescing with
 * both neighbours and with the bump region.
 *
 * i31 refs are never counted or listed (#10171, #13307).
 *
 * DRC NEVER COLLECTS CYCLES: objects on an unreachable cycle keep each other's counts above zero
 * and live until the heap is reset (oracles expect "reachable + cycle garbage": reclaims 'acyclic').
 */
export class DrcHeap extends GcHeapBase {
  private bump = FIRST_OBJECT;
  private readonly freeList: FreeList;
  private listHead = 0;
  private listLen = 0;
  private listLenAfterGc = 0;
  private readonly workStack: number[] = [];
  private nFrees = 0;
  private nUnlistedStackRoots = 0;
  private readonly listTriggerFloor: number;
  /** `insertWithGc` seam: refs still to come of the transition `needGcBeforeEnteringWasm` announced, and the store's roots list. */
  private transitionRefs = 0;
  private lastRoots: GcRootsList | null = null;
  private lastHostData: ExternRefHostDataTable | null = null;

  constructor(
    readonly runtime: GcRuntime,
    config: GcHeapConfig,
    private readonly faults: DrcFaults = {},
  ) {
    super(config, HEADER_SIZE, ALIGN, FIRST_OBJECT);
    this.freeList = new FreeList(faults.freeList);
    const floor = config.stackRootsTriggerFloor ?? LIST_TRIGGER_FLOOR;
    if (!Number.isInteger(floor) || floor < 1) throw new InvariantError('heap config', `stackRootsTriggerFloor ${floor}`);
    this.listTriggerFloor = floor;
    if (this.poison) this.u8.fill(POISON_BYTE, FIRST_OBJECT, this.bound);
  }

  // --- Allocation -------------------------------------------------------------------------------

  protected allocRaw(kindWord: number, ty: number, size: number): number {
    const total = this.allocSizeFor(size);
    if (total > this.maxBound - FIRST_OBJECT) throw new OutOfMemoryError(total, 'allocation larger than the maximum heap');
    if (this.checks) this.verifyOnAllocation();
    let ref = this.freeList.alloc(total);
    if (ref === 0) {
      if (this.bump + total > this.bound) return 0;
      ref = this.bump;
      this.bump = ref + total;
    } else if (!this.poison && this.freeList.blockAt(ref + total) !== 0) {
      this.u32[(ref + total) >>> 2] = FREED_WORD; // the split-off remainder is a free block too
    }
    if (this.poison) this.verifyPoison(ref, total, 'DRC allocation');
    const u32 = this.u32;
    this.u8.fill(0, ref, ref + total);
    const w = ref >>> 2;
    u32[w] = kindWord;
    u32[w + 1] = ty;
    u32[w + 2] = 1; // the returned ref is owned
    u32[w + 5] = total;
    this.liveObjects++;
    this.nAllocs++;
    return ref;
  }

  protected checkExtent(ref: number, w0: number, size: number): void {
    if ((w0 & COLLECTOR_BITS_MASK & ~(LISTED | MARKED)) !== 0) throw new SandboxError('bad header', ref, 'unknown collector bits');
    const stored = this.u32[(ref + OFF_SIZE) >>> 2]!;
    if (stored !== this.allocSizeFor(size)) throw new SandboxError('bad header', ref, `object_size ${stored}, object needs ${size}`);
    if (ref + stored > this.bump) throw new SandboxError('out of bounds', ref, 'past the bump pointer');
  }

  // --- Counting -----------------------------------------------------------------------------------

  private incRef(ref: number): void {
    this.checkObject(ref);
    const i = (ref + OFF_COUNT) >>> 2;
    const c = this.u32[i]!;
    if (c === 0) throw new SandboxError('freed', ref, 'zero ref count on a live header');
    if (c === 0xffffffff) throw new InvariantError('ref count overflow', `object ${ref}`);
    this.u32[i] = c + 1;
  }

  /**
   * Release one count of a validated-on-entry heap ref; at zero, free it and everything whose
   * count it held last, iteratively.
   */
  private decRef(hostData: ExternRefHostDataTable, ref: number): void {
    if (!this.decOne(ref)) return;
    const stack = this.workStack;
    const children = this.faults.skipChildDecrements !== true;
    stack.push(ref);
    while (stack.length > 0) {
      const r = stack.pop()!;
      const k = this.u32[r >>> 2]! >>> 26;
      if ((k === K_STRUCT || (k === K_EXN && this.faults.skipExnPayload !== true)) && children) {
        const info = this.infoFor(this.u32[(r + 4) >>> 2]!)!;
        const offs = info.refOffsets;
        for (let i = 0; i < offs.length; i++) {
          const child = this.u32[(r + offs[i]!) >>> 2]!;
          if (isHeapRef(child) && this.decOne(child)) stack.push(child);
        }
      } else if (k === K_ARRAY && children) {
        const info = this.infoFor(this.u32[(r + 4) >>> 2]!)!;
        if (info.elemCode === ST_REF) {
          const len = this.u32[(r + info.lengthOffset) >>> 2]!;
          const base = (r + info.elemsOffset) >>> 2;
          for (let i = 0; i < len; i++) {
            const child = this.u32[base + i]!;
            if (isHeapRef(child) && this.decOne(child)) stack.push(child);
          }
        }
      } else if (k === K_EXTERN) {
        hostData.dealloc(this.u32[(r + HEADER_SIZE) >>> 2]!);
      }
      this.freeObject(r);
    }
  }

  /** Validate and decrement; true when the count reached zero (the caller frees). */
  private decOne(ref: number): boolean {
    this.checkObject(ref);
    const i = (ref + OFF_COUNT) >>> 2;
    const c = this.u32[i]!;
    if (c === 0) throw new SandboxError('freed', ref, 'zero ref count on a live header');
    this.u32[i] = c - 1;
    return c === 1;
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

  // --- Barriers -------------------------------------------------------------------------------------

  cloneGcRef(ref: GcRef): GcRef {
    this.nClones++;
    if (isHeapRef(ref)) this.incRef(ref);
    return ref;
  }

  writeGcRef(hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void {
    this.nWrites++;
    const old = slots[index] ?? 0;
    if (isHeapRef(old)) this.checkObject(old);
    if (isHeapRef(source) && !this.skipsExnBarrier(source, slotKindOf(slots))) this.incRef(source);
    slots[index] = source;
    if (isHeapRef(old)) this.decRef(hostData, old);
  }

  protected writeRefField(hostData: ExternRefHostDataTable, addr: number, value: GcRef): void {
    const w = addr >>> 2;
    const old = this.u32[w]!;
    if (isHeapRef(old)) this.checkObject(old);
    if (isHeapRef(value) && !this.skipsExnBarrier(value, 'field')) this.incRef(value);
    this.u32[w] = value;
    if (isHeapRef(old)) this.decRef(hostData, old);
  }

  /** The `skipExnrefStoreBarrier` seam: an exception object stored into a global, table, field or element. */
  private skipsExnBarrier(ref: number, kind: SlotKind): boolean {
    if (this.faults.skipExnrefStoreBarrier !== true || (kind !== 'global' && kind !== 'table' && kind !== 'field')) return false;
    this.checkObject(ref);
    return this.u32[ref >>> 2]! >>> 26 === K_EXN;
  }

  dropGcRef(hostData: ExternRefHostDataTable, ref: GcRef): void {
    this.nDrops++;
    if (isHeapRef(ref)) this.decRef(hostData, ref);
  }

  exposeGcRefToWasm(ref: GcRef): void {
    this.nExposes++;
    if (!isHeapRef(ref)) return;
    if (this.transitionRefs > 0) this.insertWithGc(ref);
    this.checkObject(ref);
    const w0 = this.u32[ref >>> 2]!;
    if ((w0 & LISTED) !== 0) {
      // Already listed: the list holds one count, so the owned count handed over is surplus (#13037).
      const i = (ref + OFF_COUNT) >>> 2;
      const c = this.u32[i]!;
      if (c < 2) throw new InvariantError('expose without an owned count', `object ${ref} is listed with count ${c}: the caller passed a borrowed ref`);
      this.u32[i] = c - 1;
      return;
    }
    this.pushListed(ref, w0);
  }

  readBarrierToWasm(ref: GcRef): void {
    if (!isHeapRef(ref)) return;
    if (this.transitionRefs > 0) this.insertWithGc(ref);
    this.checkObject(ref);
    const w0 = this.u32[ref >>> 2]!;
    if ((w0 & LISTED) !== 0) return;
    const i = (ref + OFF_COUNT) >>> 2;
    const c = this.u32[i]!;
    if (c === 0) throw new SandboxError('freed', ref, 'zero ref count on a live header');
    if (c === 0xffffffff) throw new InvariantError('ref count overflow', `object ${ref}`);
    this.u32[i] = c + 1;
    this.pushListed(ref, w0);
  }

  private pushListed(ref: number, w0: number): void {
    this.u32[ref >>> 2] = (w0 | LISTED) >>> 0;
    this.u32[(ref + OFF_NEXT) >>> 2] = this.listHead;
    this.listHead = ref;
    this.listLen++;
  }

  needGcBeforeEnteringWasm(numGcRefs: number): boolean {
    if (this.faults.insertWithGc === true) {
      this.transitionRefs = numGcRefs;
      return false;
    }
    return this.listLen + numGcRefs > Math.max(2 * this.listLenAfterGc, this.listTriggerFloor);
  }

  /** The `insertWithGc` seam, before a ref of the announced transition is exposed: collect if it would be inserted into a full list. */
  private insertWithGc(ref: number): void {
    this.transitionRefs--;
    this.checkObject(ref);
    const full = this.listLen + 1 > Math.max(2 * this.listLenAfterGc, this.listTriggerFloor);
    if ((this.u32[ref >>> 2]! & LISTED) !== 0 || !full || this.noGcScopeDepth > 0 || this.lastRoots === null) return;
    this.lastRoots.refresh();
    this.gc(this.lastRoots, this.lastHostData!).collect();
  }

  // --- Collection ------------------------------------------------------------------------------------

  protected startCollection(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
    if (this.faults.insertWithGc === true) {
      this.lastRoots = roots;
      this.lastHostData = hostData;
    }
    const stackRefs: number[] = [];
    for (const root of roots) if (root.isOnWasmStack()) stackRefs.push(root.get());
    return new DrcCollection(this, stackRefs, hostData);
  }

  /** One whole DRC collection: trace Wasm stack roots, then sweep the over-approximated list. */
  runCollection(stackRefs: readonly number[], hostData: ExternRefHostDataTable): void {
    if (this.noGcScopeDepth > 0) throw new InvariantError('no-GC scope', 'collection inside a no-GC scope');
    if (this.checks) this.verifyIntegrity();
    const u32 = this.u32;
    // Validate every stack root before marking any, so a bad root leaves no mark bits behind.
    for (let i = 0; i < stackRefs.length; i++) {
      const r = stackRefs[i]!;
      if (!isHeapRef(r)) continue;
      this.checkObject(r);
      if ((u32[r >>> 2]! & LISTED) === 0) {
        // A Wasm frame holds a ref that never passed a read barrier: a missing-barrier bug upstream.
        this.nUnlistedStackRoots++;
        if (this.checks) throw new InvariantError('stack root not listed', `Wasm stack root ${r} is not on the over-approximated stack-roots list`);
      }
    }
    for (let i = 0; i < stackRefs.length; i++) {
      const r = stackRefs[i]!;
      if (!isHeapRef(r)) continue;
      const w0 = u32[r >>> 2]!;
      if ((w0 & LISTED) !== 0) u32[r >>> 2] = (w0 | MARKED) >>> 0;
    }
    let prev = 0;
    let cur = this.listHead;
    let steps = 0;
    while (cur !== 0) {
      if (++steps > this.listLen) throw new InvariantError('stack-roots list', `longer than its length ${this.listLen} (cycle?)`);
      this.checkObject(cur);
      const w0 = u32[cur >>> 2]!;
      const next = u32[(cur + OFF_NEXT) >>> 2]!;
      if ((w0 & LISTED) === 0) throw new InvariantError('stack-roots list', `member ${cur} lacks the listed bit`);
      if ((w0 & MARKED) !== 0) {
        u32[cur >>> 2] = (w0 & ~MARKED) >>> 0;
        prev = cur;
      } else {
        if (prev === 0) this.listHead = next;
        else u32[(prev + OFF_NEXT) >>> 2] = next;
        u32[cur >>> 2] = (w0 & ~LISTED) >>> 0;
        u32[(cur + OFF_NEXT) >>> 2] = 0;
        this.listLen--;
        steps--;
        this.decRef(hostData, cur);
      }
      cur = next;
    }
    this.listLenAfterGc = this.listLen;
    this.collectionsDone++;
    if (this.checks) this.verifyIntegrity();
  }

  // --- Memory ------------------------------------------------------------------------------------------

  grow(bytes: number): boolean {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) return false;
    return this.extendBound(this.bound + bytes);
  }

  reset(): void {
    this.resetBase();
    this.bump = FIRST_OBJECT;
    this.freeList.clear();
    this.listHead = 0;
    this.listLen = 0;
    this.listLenAfterGc = 0;
    this.workStack.length = 0;
    this.nFrees = 0;
    this.nUnlistedStackRoots = 0;
    this.u8.fill(0, 0, FIRST_OBJECT);
    this.u8.fill(this.poison ? POISON_BYTE : 0, FIRST_OBJECT, this.bound);
  }

  // --- Introspection -------------------------------------------------------------------------------------

  /** The object's reference count (for oracles and tests); SandboxError for a bad ref. */
  refCount(ref: GcRef): number {
    this.checkObject(ref);
    return this.u32[(ref + OFF_COUNT) >>> 2]!;
  }

  /** The free-list seam (`GcHeap.withFreeList`). */
  withFreeList(use: (list: FreeList) => void): void {
    use(this.freeList);
  }

  /** Whether the object is on the over-approximated stack-roots list. */
  isListed(ref: GcRef): boolean {
    this.checkObject(ref);
    return (this.u32[ref >>> 2]! & LISTED) !== 0;
  }

  protected walkObjects(visit: (ref: GcRef) => void): void {
    walkFreeListHeap(this.u32, this.freeList, FIRST_OBJECT, this.bump, OFF_SIZE, ALIGN, visit);
  }

  /**
   * Zeal, per allocation: the free list (sorted, non-overlapping, aligned, coalesced, each block
   * marked freed) and the stack-roots list (members valid with the listed bit, count > 0, no
   * duplicates, length matches). Returns the set of listed objects.
   */
  private verifyLists(): Set<number> {
    verifyFreeListHeap(this.u32, this.freeList, FIRST_OBJECT, this.bump, this.bound, ALIGN, this.poison);
    const seen = new Set<number>();
    let steps = 0;
    for (let cur = this.listHead; cur !== 0; cur = this.u32[(cur + OFF_NEXT) >>> 2]!) {
      if (++steps > this.listLen) throw new InvariantError('stack-roots list', `longer than its length ${this.listLen}`);
      try {
        this.checkObject(cur);
      } catch (e) {
        throw new InvariantError('stack-roots list', `member ${cur}: ${(e as Error).message}`);
      }
      if (seen.has(cur)) throw new InvariantError('stack-roots list', `duplicate member ${cur}`);
      seen.add(cur);
      const w0 = this.u32[cur >>> 2]!;
      if ((w0 & LISTED) === 0) throw new InvariantError('stack-roots list', `member ${cur} lacks the listed bit`);
      if ((w0 & MARKED) !== 0) throw new InvariantError('stack-roots list', `member ${cur} left marked`);
      if (this.u32[(cur + OFF_COUNT) >>> 2] === 0) throw new InvariantError('stack-roots list', `member ${cur} has count 0`);
    }
    if (steps !== this.listLen) throw new InvariantError('stack-roots list', `walked ${steps} members, length says ${this.listLen}`);
    return seen;
  }

  protected verifyOnAllocation(): void {
    this.verifyLists();
  }

  /**
   * Zeal, per collection: `verifyLists`, plus every free block and the unallocated tail poisoned
   * (when poisoning is on), no object with the listed bit missing from the list, every object's
   * count > 0 with a zero high word.
   */
  protected verifyCollector(): void {
    const listed = this.verifyLists();
    if (this.poison) {
      for (const [s, n] of this.freeList.blocks()) this.verifyPoison(s, n, 'free block');
      this.verifyPoison(this.bump, this.bound - this.bump, 'unallocated tail');
    }
    this.walkObjects((ref) => {
      const w0 = this.u32[ref >>> 2]!;
      if ((w0 & LISTED) !== 0 && !listed.has(ref)) throw new InvariantError('stack-roots list', `object ${ref} has the listed bit but is not listed`);
      if (this.u32[(ref + OFF_COUNT) >>> 2] === 0) throw new InvariantError('ref count', `live object ${ref} has count 0`);
      if (this.u32[(ref + OFF_COUNT_HI) >>> 2] !== 0) throw new InvariantError('ref count', `object ${ref} count high word set`);
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
      stackRootsListLength: this.listLen,
      stackRootsListLengthAfterGc: this.listLenAfterGc,
      unlistedStackRoots: this.nUnlistedStackRoots,
      freeBlocks: this.freeList.blockCount,
      freeBytes: this.freeList.freeBytes,
      largeBlockAllocs: this.freeList.largeAllocs,
      bumpPointer: this.bump,
    };
  }
}

/** Seed `GarbageCollection` for DRC: the whole trace-and-sweep runs in the first increment. */
class DrcCollection implements GarbageCollection {
  private done = false;
  constructor(
    private readonly heap: DrcHeap,
    private readonly stackRefs: readonly number[],
    private readonly hostData: ExternRefHostDataTable,
  ) {}

  collectIncrement(): GcProgress {
    if (!this.done) {
      this.done = true;
      this.heap.runCollection(this.stackRefs, this.hostData);
    }
    return 'complete';
  }

  collect(): void {
    this.collectIncrement();
  }
}
