import { SandboxError } from '../errors/SandboxError';

/**
 * `ExternRefHostDataTable`: the side table holding each externref's host object, so no host
 * object is ever written into the heap. A slab: ids are `slot + 1` (0 is never an id), free slots
 * are reused LIFO, and ids are not generational: a stale id names whatever object reuses its slot,
 * exactly as in Wasmtime. One table per store.
 */
export class ExternRefHostDataTable {
  private readonly slots: unknown[] = [];
  /** Per slot: true while occupied. Parallel to `slots` so a stored `undefined` stays distinguishable. */
  private readonly used: boolean[] = [];
  private readonly freeSlots: number[] = [];
  private count = 0;

  /** Store `value` and return its id. */
  alloc(value: unknown): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
    this.slots[slot] = value;
    this.used[slot] = true;
    this.count++;
    return slot + 1;
  }

  /** The host object for `id`. A forged or released id raises a SandboxError, never a JS TypeError. */
  get(id: number): unknown {
    const slot = id - 1;
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slots.length || !this.used[slot]) {
      throw new SandboxError('bad host data id', id);
    }
    return this.slots[slot];
  }

  has(id: number): boolean {
    const slot = id - 1;
    return Number.isInteger(slot) && slot >= 0 && slot < this.slots.length && this.used[slot] === true;
  }

  /** Release `id`'s slot. Called by collectors when they reclaim the owning externref. */
  dealloc(id: number): void {
    const slot = id - 1;
    if (!this.has(id)) throw new SandboxError('bad host data id', id, 'double release');
    this.slots[slot] = undefined;
    this.used[slot] = false;
    this.freeSlots.push(slot);
    this.count--;
  }

  /** Number of occupied slots. */
  get size(): number {
    return this.count;
  }

  /** Every occupied `[id, value]`, in slot order. For oracles and tests. */
  *entries(): IterableIterator<[number, unknown]> {
    for (let i = 0; i < this.slots.length; i++) if (this.used[i]) yield [i + 1, this.slots[i]];
  }

  /** Forget everything (with `GcHeap.reset`, when a store is torn down). */
  clear(): void {
    this.slots.length = 0;
    this.used.length = 0;
    this.freeSlots.length = 0;
    this.count = 0;
  }
}
