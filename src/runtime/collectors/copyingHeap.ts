import { InvariantError } from '../../errors/InvariantError';
import { OutOfMemoryError } from '../../errors/OutOfMemoryError';
import { SandboxError } from '../../errors/SandboxError';
import type { ExternRefHostDataTable } from '../externRefHostDataTable';
import type { GarbageCollection, GcHeapConfig, GcProgress, GcRuntime } from '../gcHeap';
import { POISON_BYTE } from '../gcHeap';
import type { GcRef } from '../gcRef';
import type { GcRefSlots, GcRoot, GcRootsList } from '../gcRootsList';
import { COLLECTOR_BITS_MASK, GcHeapBase, K_ARRAY, K_EXN, K_EXTERN, K_STRUCT } from '../gcHeapBase';
import { ST_REF } from '../typeInfo';

/**
 * Copying header, 16 bytes:
 *   0  VMGcHeader word 0: kind bits | COPIED (bit 0, set only on from-space objects mid-collection)
 *   4  VMGcHeader word 1: type index (0 for externrefs)
 *   8  object size in bytes (multiple of 16)
 *  12  externrefs only: link of this semi-space's externref list (0 ends it)
 * The forwarding ref is written at offset 16 of a copied from-space object (Wasmtime's layout),
 * so every object is at least 20 bytes (rounded: 32). Externref host-data id at 16.
 */
const HEADER_SIZE = 16;
const OFF_SIZE = 8;
const OFF_EXTERN_NEXT = 12;
const OFF_FORWARD = 16;
const ALIGN = 16;
/** Index 0 is null: the first 16 bytes are reserved and the lower semi-space starts after them. */
const SPACE_BASE = 16;
const COPIED = 1;
/** Wasmtime's copying collector processes 16,384 objects per increment. */
export const DEFAULT_INCREMENT_BUDGET = 16384;

function isHeapRef(r: number): boolean {
  return r !== 0 && (r & 1) === 0;
}

/**
 * Wasmtime's copying collector (the default since 2026): Cheney semi-space, no barriers, objects
 * move, so every root is rewritten through `GcRoot.set` (stack and non-stack alike). Externrefs of
 * each semi-space are linked through their headers; after the copy, the from-space list names the
 * externrefs that were not copied, whose host data is then released.
 *
 * Layout: `[0, 16)` reserved, lower semi-space `[16, 16 + S)`, upper `[16 + S, 16 + 2S)`, with S a
 * multiple of 16 so both spaces stay 16-aligned (#13774). `grow` raises S: when the active space is
 * the lower one it extends in place at once; when it is the upper one the new size takes effect at
 * the next flip (the next to-space is the lower space of the new size, which the copy cannot
 * overrun because the live data is no larger than the old upper space).
 *
 * Increments and abandonment (#13516): a collection does at most `incrementBudget` objects (roots
 * forwarded plus objects scanned) per `collectIncrement`. The flip is committed only in the final
 * slice: until then roots are untouched, the host-data table is untouched, and the only changes to
 * live data are the COPIED bits and forwarding words of from-space objects, whose original words
 * are logged. The mutator never runs between slices; if anything other than the next
 * `collectIncrement` uses the heap while a collection is unfinished, the collection is ABANDONED:
 * the log is replayed to restore from-space, the to-space is discarded, and the heap is exactly
 * as before the collection started. The abandoned collection then refuses further increments.
 */
export class CopyingHeap extends GcHeapBase {
  private semiSize: number;
  private activeStart = SPACE_BASE;
  private activeEnd: number;
  private bump = SPACE_BASE;
  private externHead = 0;
  private readonly budget: number;

  // State of the unfinished collection, if any.
  private gcActive = false;
  /** Incremented when a collection starts, commits or is abandoned; a collection object holds its own. */
  private gcEpoch = 0;
  private gcHostData: ExternRefHostDataTable | null = null;
  private gcRoots: GcRoot[] = [];
  private gcRootValues: number[] = [];
  private gcRootsDone = 0;
  private toStart = 0;
  private toEnd = 0;
  private toBump = 0;
  private scan = 0;
  private toExternHead = 0;
  private copiedObjects = 0;
  /** Pairs (from-space ref, original word at OFF_FORWARD) for rollback. */
  private readonly undoLog: number[] = [];

  private nCopied = 0;
  private nSlices = 0;
  private nAbandoned = 0;

  constructor(readonly runtime: GcRuntime, config: GcHeapConfig) {
    super(config, HEADER_SIZE, ALIGN, SPACE_BASE);
    this.budget = config.incrementBudget ?? DEFAULT_INCREMENT_BUDGET;
    if (!Number.isInteger(this.budget) || this.budget < 1) throw new InvariantError('incrementBudget', String(config.incrementBudget));
    this.semiSize = Math.floor((this.bound - SPACE_BASE) / (2 * ALIGN)) * ALIGN;
    this.activeEnd = SPACE_BASE + this.semiSize;
    if (this.poison) this.u8.fill(POISON_BYTE, SPACE_BASE, this.bound);
  }

  /** The largest object any semi-space could ever hold. */
  private maxSemiSize(): number {
    return Math.floor((this.maxBound - SPACE_BASE) / (2 * ALIGN)) * ALIGN;
  }

  // --- Allocation ---------------------------------------------------------------------------------

  protected allocRaw(kindWord: number, ty: number, size: number): number {
    const total = this.allocSizeFor(size);
    if (total > this.maxSemiSize()) throw new OutOfMemoryError(total, 'allocation larger than a maximum semi-space');
    if (this.checks) this.verifyOnAllocation();
    const ref = this.bump;
    if (ref + total > this.activeEnd) return 0;
    if (this.poison) this.verifyPoison(ref, total, 'copying allocation');
    this.u8.fill(0, ref, ref + total);
    const w = ref >>> 2;
    this.u32[w] = kindWord;
    this.u32[w + 1] = ty;
    this.u32[w + 2] = total;
    if (kindWord === (K_EXTERN << 26) >>> 0) {
      this.u32[w + 3] = this.externHead;
      this.externHead = ref;
    }
    this.bump = ref + total;
    this.liveObjects++;
    this.nAllocs++;
    return ref;
  }

  protected checkExtent(ref: number, w0: number, size: number): void {
    if (ref < this.activeStart || ref >= this.bump) throw new SandboxError('freed', ref, 'outside the active semi-space');
    if ((w0 & COLLECTOR_BITS_MASK) !== 0) throw new SandboxError('bad header', ref, 'collector bits set outside a collection');
    const stored = this.u32[(ref + OFF_SIZE) >>> 2]!;
    if (stored !== this.allocSizeFor(size)) throw new SandboxError('bad header', ref, `size word ${stored}, object needs ${size}`);
    if (ref + stored > this.bump) throw new SandboxError('out of bounds', ref, 'past the bump pointer');
  }

  // --- Barriers: none (objects are found by tracing); an unfinished collection is abandoned. ----------

  protected writeRefField(_hostData: ExternRefHostDataTable, addr: number, value: GcRef): void {
    this.u32[addr >>> 2] = value;
  }

  cloneGcRef(ref: GcRef): GcRef {
    if (this.gcPending) this.abandonGc();
    this.nClones++;
    return ref;
  }

  writeGcRef(_hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void {
    if (this.gcPending) this.abandonGc();
    this.nWrites++;
    slots[index] = source;
  }

  dropGcRef(_hostData: ExternRefHostDataTable, _ref: GcRef): void {
    if (this.gcPending) this.abandonGc();
    this.nDrops++;
  }

  exposeGcRefToWasm(_ref: GcRef): void {
    if (this.gcPending) this.abandonGc();
    this.nExposes++;
  }

  readBarrierToWasm(_ref: GcRef): void {
    if (this.gcPending) this.abandonGc();
  }

  needGcBeforeEnteringWasm(_numGcRefs: number): boolean {
    return false;
  }

  // --- Collection ------------------------------------------------------------------------------------

  protected startCollection(roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
    if (this.gcActive) this.abandonGc();
    this.gcActive = true;
    this.gcEpoch++;
    this.gcHostData = hostData;
    this.gcRoots = [...roots];
    this.gcRootValues = new Array<number>(this.gcRoots.length).fill(0);
    this.gcRootsDone = 0;
    this.toStart = this.activeStart === SPACE_BASE ? SPACE_BASE + this.semiSize : SPACE_BASE;
    this.toEnd = this.toStart + this.semiSize;
    this.toBump = this.toStart;
    this.scan = this.toStart;
    this.toExternHead = 0;
    this.copiedObjects = 0;
    this.undoLog.length = 0;
    return new CopyingCollection(this, this.gcEpoch);
  }

  /** Called by CopyingCollection: one bounded slice; commits the flip in the final one. */
  collectSlice(epoch: number): GcProgress {
    if (epoch !== this.gcEpoch || !this.gcActive) {
      throw new InvariantError('abandoned collection', 'collectIncrement on a collection that was abandoned or replaced');
    }
    if (this.noGcScopeDepth > 0) throw new InvariantError('no-GC scope', 'collection slice inside a no-GC scope');
    this.gcPending = false;
    this.nSlices++;
    try {
      if (this.checks && this.gcRootsDone === 0 && this.scan === this.toStart) this.verifyIntegrity();
      let budget = this.budget;
      const roots = this.gcRoots;
      while (this.gcRootsDone < roots.length && budget > 0) {
        const r = roots[this.gcRootsDone]!.get();
        this.gcRootValues[this.gcRootsDone] = isHeapRef(r) ? this.forward(r) : r;
        this.gcRootsDone++;
        budget--;
      }
      if (this.gcRootsDone === roots.length) {
        while (this.scan < this.toBump && budget > 0) {
          this.scan += this.scanObject(this.scan);
          budget--;
        }
        if (this.scan === this.toBump) {
          this.commit();
          return 'complete';
        }
      }
      this.gcPending = true;
      return 'continue';
    } catch (e) {
      if (this.gcActive) this.abandonGc();
      throw e;
    }
  }

  /** The to-space address of from-space object `ref`, copying it on first visit. */
  private forward(ref: number): number {
    const u32 = this.u32;
    if ((ref & (ALIGN - 1)) === 0 && ref >= this.activeStart && ref + HEADER_SIZE + 4 <= this.bump) {
      const w0 = u32[ref >>> 2]!;
      if ((w0 & COPIED) !== 0) {
        const f = u32[(ref + OFF_FORWARD) >>> 2]!;
        if (f < this.toStart || f >= this.toBump || (f & (ALIGN - 1)) !== 0) throw new SandboxError('bad header', ref, 'copied bit with a bogus forwarding ref');
        return f;
      }
    }
    const k = this.checkObject(ref);
    const size = u32[(ref + OFF_SIZE) >>> 2]!;
    const dst = this.toBump;
    if (dst + size > this.toEnd) throw new InvariantError('to-space overflow', `copying ${size} bytes at ${dst}, to-space ends at ${this.toEnd}`);
    if (this.poison) this.verifyPoison(dst, size, 'to-space');
    this.u8.copyWithin(dst, ref, ref + size);
    this.undoLog.push(ref, u32[(ref + OFF_FORWARD) >>> 2]!);
    u32[ref >>> 2] = (u32[ref >>> 2]! | COPIED) >>> 0;
    u32[(ref + OFF_FORWARD) >>> 2] = dst;
    if (k === K_EXTERN) {
      u32[(dst + OFF_EXTERN_NEXT) >>> 2] = this.toExternHead;
      this.toExternHead = dst;
    }
    this.toBump = dst + size;
    this.copiedObjects++;
    this.nCopied++;
    return dst;
  }

  /** Forward every ref field of the to-space object at `p`; returns its size. */
  private scanObject(p: number): number {
    const u32 = this.u32;
    const k = u32[p >>> 2]! >>> 26;
    if (k === K_STRUCT || k === K_EXN) {
      const offs = this.infoFor(u32[(p + 4) >>> 2]!)!.refOffsets;
      for (let i = 0; i < offs.length; i++) {
        const a = (p + offs[i]!) >>> 2;
        const v = u32[a]!;
        if (isHeapRef(v)) u32[a] = this.forward(v);
      }
    } else if (k === K_ARRAY) {
      const info = this.infoFor(u32[(p + 4) >>> 2]!)!;
      if (info.elemCode === ST_REF) {
        const len = u32[(p + info.lengthOffset) >>> 2]!;
        const base = (p + info.elemsOffset) >>> 2;
        for (let i = 0; i < len; i++) {
          const v = u32[base + i]!;
          if (isHeapRef(v)) u32[base + i] = this.forward(v);
        }
      }
    }
    return u32[(p + OFF_SIZE) >>> 2]!;
  }

  /**
   * The final slice: find the from-space externrefs that were not copied (validating the list
   * before anything changes), rewrite the roots, flip, then release their host data.
   */
  private commit(): void {
    const u32 = this.u32;
    const dead: number[] = [];
    let steps = 0;
    for (let e = this.externHead; e !== 0; e = u32[(e + OFF_EXTERN_NEXT) >>> 2]!) {
      if (++steps > this.liveObjects || (e & (ALIGN - 1)) !== 0 || e < this.activeStart || e + HEADER_SIZE + 4 > this.bump
        || u32[e >>> 2]! >>> 26 !== K_EXTERN) {
        throw new SandboxError('bad header', e, 'corrupt externref list');
      }
      if ((u32[e >>> 2]! & COPIED) === 0) dead.push(u32[(e + HEADER_SIZE) >>> 2]!);
    }
    const roots = this.gcRoots;
    const values = this.gcRootValues;
    for (let i = 0; i < roots.length; i++) if (isHeapRef(values[i]!)) roots[i]!.set(values[i]!);
    const oldStart = this.activeStart;
    const oldBump = this.bump;
    this.activeStart = this.toStart;
    this.activeEnd = this.toEnd;
    this.bump = this.toBump;
    this.externHead = this.toExternHead;
    this.liveObjects = this.copiedObjects;
    const hostData = this.gcHostData!;
    this.endGcState();
    this.collectionsDone++;
    if (this.poison) this.u8.fill(POISON_BYTE, oldStart, oldBump);
    for (let i = 0; i < dead.length; i++) hostData.dealloc(dead[i]!);
    if (this.checks) this.verifyIntegrity();
  }

  /** Roll an unfinished collection back: from-space restored word for word, to-space discarded. */
  protected override abandonGc(): void {
    if (this.gcActive) {
      const u32 = this.u32;
      const log = this.undoLog;
      for (let i = log.length - 2; i >= 0; i -= 2) {
        const from = log[i]!;
        u32[from >>> 2] = (u32[from >>> 2]! & ~COPIED) >>> 0;
        u32[(from + OFF_FORWARD) >>> 2] = log[i + 1]!;
      }
      if (this.poison) this.u8.fill(POISON_BYTE, this.toStart, this.toBump);
      this.nAbandoned++;
      this.endGcState();
    }
    this.gcPending = false;
  }

  private endGcState(): void {
    this.gcActive = false;
    this.gcPending = false;
    this.gcEpoch++;
    this.gcHostData = null;
    this.gcRoots = [];
    this.gcRootValues = [];
    this.undoLog.length = 0;
  }

  // --- Memory ------------------------------------------------------------------------------------------

  /** Raise the semi-space size by at least `bytes` (capacity); the buffer grows by twice that. */
  grow(bytes: number): boolean {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) return false;
    if (this.gcPending || this.gcActive) this.abandonGc();
    const newSemi = this.semiSize + Math.ceil(bytes / ALIGN) * ALIGN;
    if (!this.extendBound(SPACE_BASE + 2 * newSemi)) return false;
    this.semiSize = newSemi;
    if (this.activeStart === SPACE_BASE) this.activeEnd = SPACE_BASE + newSemi;
    return true;
  }

  reset(): void {
    if (this.gcActive) this.endGcState();
    this.resetBase();
    this.activeStart = SPACE_BASE;
    this.activeEnd = SPACE_BASE + this.semiSize;
    this.bump = SPACE_BASE;
    this.externHead = 0;
    this.nCopied = this.nSlices = this.nAbandoned = 0;
    this.u8.fill(0, 0, SPACE_BASE);
    this.u8.fill(this.poison ? POISON_BYTE : 0, SPACE_BASE, this.bound);
  }

  // --- Introspection -------------------------------------------------------------------------------------

  protected walkObjects(visit: (ref: GcRef) => void): void {
    const end = this.bump;
    for (let p = this.activeStart; p < end;) {
      const size = this.u32[(p + OFF_SIZE) >>> 2]!;
      if (size < ALIGN || (size & (ALIGN - 1)) !== 0 || p + size > end) {
        throw new InvariantError('heap walk', `object at ${p} has size ${size}`);
      }
      visit(p);
      p += size;
    }
  }

  /** Zeal, per allocation: semi-space geometry and the externref list (no cycle, no duplicate, all externrefs). */
  private verifySpaces(): Set<number> {
    const S = this.semiSize;
    const bad = (msg: string): never => {
      throw new InvariantError('semi-space', msg);
    };
    if (S % ALIGN !== 0 || SPACE_BASE + 2 * S > this.bound) bad(`semi-space size ${S} with bound ${this.bound}`);
    if ((this.activeStart - SPACE_BASE) % ALIGN !== 0) bad(`active start ${this.activeStart}`);
    if (this.activeEnd > this.bound || this.activeEnd - this.activeStart > S) bad(`active space [${this.activeStart}, ${this.activeEnd})`);
    if (this.bump < this.activeStart || this.bump > this.activeEnd) bad(`bump ${this.bump} outside the active space`);
    const listed = new Set<number>();
    let steps = 0;
    for (let e = this.externHead; e !== 0; e = this.u32[(e + OFF_EXTERN_NEXT) >>> 2]!) {
      if (++steps > this.liveObjects) throw new InvariantError('externref list', 'longer than the object count (cycle?)');
      if ((e & (ALIGN - 1)) !== 0 || e < this.activeStart || e + HEADER_SIZE + 4 > this.bump || this.u32[e >>> 2]! >>> 26 !== K_EXTERN) {
        throw new InvariantError('externref list', `member ${e} is not an externref of the active space`);
      }
      if (listed.has(e)) throw new InvariantError('externref list', `duplicate ${e}`);
      listed.add(e);
    }
    return listed;
  }

  protected verifyOnAllocation(): void {
    this.verifySpaces();
  }

  /**
   * Zeal, per collection: `verifySpaces`, the externref list holds exactly the active space's
   * externrefs, and, with poisoning, every byte outside the allocated part of the active space
   * is poison.
   */
  protected verifyCollector(): void {
    const listed = this.verifySpaces();
    let externs = 0;
    this.walkObjects((ref) => {
      if (this.u32[ref >>> 2]! >>> 26 === K_EXTERN) {
        externs++;
        if (!listed.has(ref)) throw new InvariantError('externref list', `externref ${ref} missing from the list`);
      }
    });
    if (externs !== listed.size) throw new InvariantError('externref list', `${listed.size} listed, ${externs} in the heap`);
    if (this.poison) {
      this.verifyPoison(SPACE_BASE, this.activeStart - SPACE_BASE, 'space below the active semi-space');
      this.verifyPoison(this.bump, this.bound - this.bump, 'space above the bump pointer');
    }
  }

  protected usedBytes(): number {
    return this.bump - this.activeStart;
  }

  protected capacityBytes(): number {
    return this.activeEnd - this.activeStart;
  }

  protected collectorCounters(): Record<string, number> {
    return {
      copied: this.nCopied,
      slices: this.nSlices,
      abandoned: this.nAbandoned,
      semiSpaceBytes: this.semiSize,
      activeStart: this.activeStart,
      bumpPointer: this.bump,
    };
  }
}

/** Seed `GarbageCollection` for the copying collector; see CopyingHeap for slices and abandonment. */
class CopyingCollection implements GarbageCollection {
  private done = false;
  constructor(
    private readonly heap: CopyingHeap,
    private readonly epoch: number,
  ) {}

  collectIncrement(): GcProgress {
    if (this.done) return 'complete';
    const p = this.heap.collectSlice(this.epoch);
    if (p === 'complete') this.done = true;
    return p;
  }

  collect(): void {
    while (this.collectIncrement() !== 'complete');
  }
}
