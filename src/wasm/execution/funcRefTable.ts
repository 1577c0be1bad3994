import { InvariantError } from '../../errors/InvariantError';
import type { FuncInstance } from './funcInstance';

/**
 * Maps function instances to u32 ids and back: the representation of function references in
 * tables, on the interpreter's stack and in GC heap fields (the heap stores "a store function id,
 * 0 = null"). Ids are dense, start at 1 and are never reused: function instances live as long as
 * their store (spec 4.2.3).
 */
export class FuncRefTable {
  private readonly funcs: (FuncInstance | null)[] = [null];

  /** Give `f` the next id. */
  register(f: FuncInstance): number {
    f.id = this.funcs.length;
    this.funcs.push(f);
    return f.id;
  }

  /** The function with `id`, or null for 0. InvariantError for an id never handed out. */
  get(id: number): FuncInstance | null {
    const f = this.funcs[id];
    if (f === undefined) throw new InvariantError('function reference', `unknown function id ${id}`);
    return f;
  }

  get size(): number {
    return this.funcs.length - 1;
  }
}
