import { InvariantError } from '../../errors/InvariantError';
import { OutOfMemoryError } from '../../errors/OutOfMemoryError';
import { SandboxError } from '../../errors/SandboxError';
import type { ExternRefHostDataTable } from '../externRefHostDataTable';
import type { GarbageCollection, GcHeapConfig, GcProgress, GcRuntime } from '../gcHeap';
import { POISON_BYTE } from '../gcHeap';
import type { GcRef } from '../gcRef';
import type { GcRefSlots, GcRootsList } from '../gcRootsList';
import { COLLECTOR_BITS_MASK, GcHeapBase, K_EXTERN } from '../gcHeapBase';

/** Header: the 8-byte VMGcHeader only; the object's byte size lives in its 26 collector bits. */
const HEADER_SIZE = 8;
const ALIGN = 8;
/** Bump allocation starts past index 0 so that ref 0 stays null. */
const FIRST_OBJECT = 8;
/** Sizes must fit the 26 collector bits (Wasmtime's AllocationTooLarge; #10453). */
const SIZE_LIMIT = 1 << 26;

/**
 * Wasmtime's null collector: bump allocation, never frees, no barriers. `gc()` completes at once
 * and reclaims nothing; when the bump pointer reaches the bound, allocation returns null ("collect
 * and retry"), after which the store can only grow the heap or fail with OutOfMemoryError.
 */
/**
 * Fault-injection seams: each turns on one documented bug shape, so a deliberately broken
 * collector (tests/brokenCollectors) is this heap with an option the type checker sees. A correct
 * collector passes none.
 */
export interface NullFaults {
  /** Dropping any host handle to an externref releases its host data, as if it were the last reference. */
  readonly releaseHostDataOnDrop?: boolean;
}

export class NullHeap extends GcHeapBase {
  private bump = FIRST_OBJECT;

  constructor(
    readonly runtime: GcRuntime,
    config: GcHeapConfig,
    private readonly faults: NullFaults = {},
  ) {
    super(config, HEADER_SIZE, ALIGN, FIRST_OBJECT);
    if (this.poison) this.u8.fill(POISON_BYTE, FIRST_OBJECT, this.bound);
  }

  protected allocRaw(kindWord: number, ty: number, size: number): number {
    const total = this.allocSizeFor(size);
    if (total >= SIZE_LIMIT) throw new OutOfMemoryError(total, 'allocation too large');
    if (total > this.maxBound - FIRST_OBJECT) throw new OutOfMemoryError(total, 'allocation larger than the maximum heap');
    if (this.checks) this.verifyOnAllocation();
    const ref = this.bump;
    if (ref + total > this.bound) return 0;
    if (this.poison) this.verifyPoison(ref, total, 'bump allocation');
    this.u8.fill(0, ref, ref + total);
    this.u32[ref >>> 2] = (kindWord | total) >>> 0;
    this.u32[(ref + 4) >>> 2] = ty;
    this.bump = ref + total;
    this.liveObjects++;
    this.nAllocs++;
    return ref;
  }

  protected checkExtent(ref: number, w0: number, size: number): void {
    const stored = w0 & COLLECTOR_BITS_MASK;
    if (stored !== this.allocSizeFor(size)) throw new SandboxError('bad header', ref, `size bits ${stored}, object needs ${size}`);
    if (ref + stored > this.bump) throw new SandboxError('out of bounds', ref, 'past the bump pointer');
  }

  protected writeRefField(_hostData: ExternRefHostDataTable, addr: number, value: GcRef): void {
    this.u32[addr >>> 2] = value;
  }

  cloneGcRef(ref: GcRef): GcRef {
    this.nClones++;
    return ref;
  }

  writeGcRef(_hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void {
    this.nWrites++;
    slots[index] = source;
  }

  dropGcRef(hostData: ExternRefHostDataTable, ref: GcRef): void {
    this.nDrops++;
    if (this.faults.releaseHostDataOnDrop === true && ref !== 0 && (ref & 1) === 0 && this.checkObject(ref) === K_EXTERN) {
      const id = this.externrefHostData(ref);
      if (hostData.has(id)) hostData.dealloc(id);
    }
  }

  exposeGcRefToWasm(_ref: GcRef): void {
    this.nExposes++;
  }

  readBarrierToWasm(_ref: GcRef): void {}

  needGcBeforeEnteringWasm(_numGcRefs: number): boolean {
    return false;
  }

  protected startCollection(_roots: GcRootsList, _hostData: ExternRefHostDataTable): GarbageCollection {
    return new NullCollection(this);
  }

  /** Called by NullCollection: a collection that reclaims nothing still counts as completed. */
  completeCollection(): void {
    this.collectionsDone++;
    if (this.checks) this.verifyIntegrity();
  }

  grow(bytes: number): boolean {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) return false;
    return this.extendBound(this.bound + bytes);
  }

  reset(): void {
    this.resetBase();
    this.bump = FIRST_OBJECT;
    this.u8.fill(0, 0, FIRST_OBJECT);
    this.u8.fill(this.poison ? POISON_BYTE : 0, FIRST_OBJECT, this.bound);
  }

  protected walkObjects(visit: (ref: GcRef) => void): void {
    const end = this.bump;
    for (let p = FIRST_OBJECT; p < end;) {
      const size = this.u32[p >>> 2]! & COLLECTOR_BITS_MASK;
      if (size < HEADER_SIZE || (size & (ALIGN - 1)) !== 0 || p + size > end) {
        throw new InvariantError('heap walk', `object at ${p} has size bits ${size}`);
      }
      visit(p);
      p += size;
    }
  }

  protected verifyOnAllocation(): void {
    if (this.bump < FIRST_OBJECT || this.bump > this.bound || (this.bump & (ALIGN - 1)) !== 0) {
      throw new InvariantError('bump pointer', `${this.bump} outside [${FIRST_OBJECT}, ${this.bound}]`);
    }
  }

  protected verifyCollector(): void {
    if (this.bump < FIRST_OBJECT || this.bump > this.bound || (this.bump & (ALIGN - 1)) !== 0) {
      throw new InvariantError('bump pointer', `${this.bump} outside [${FIRST_OBJECT}, ${this.bound}]`);
    }
    if (this.poison) this.verifyPoison(this.bump, this.bound - this.bump, 'unallocated tail');
  }

  protected usedBytes(): number {
    return this.bump - FIRST_OBJECT;
  }

  protected capacityBytes(): number {
    return this.bound - FIRST_OBJECT;
  }

  protected collectorCounters(): Record<string, number> {
    return { bumpPointer: this.bump };
  }
}

/** Seed `GarbageCollection` for the null collector: one increment, which completes. */
class NullCollection implements GarbageCollection {
  private done = false;
  constructor(private readonly heap: NullHeap) {}

  collectIncrement(): GcProgress {
    if (!this.done) {
      this.done = true;
      this.heap.completeCollection();
    }
    return 'complete';
  }

  collect(): void {
    this.collectIncrement();
  }
}
