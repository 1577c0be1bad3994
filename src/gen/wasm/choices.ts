import { InvariantError } from '../../errors/InvariantError';

/**
 * The decision source of the Wasm program generator: every choice reads bytes from a fixed byte
 * string, so any bytes (from fast-check, a seed corpus or a coverage-guided fuzzer) name exactly
 * one program. Reading past the end yields zeros, and every choice is laid out so that 0 is its
 * simplest option (stop, the constant, the first type): shorter or smaller inputs give smaller
 * programs, which is what makes byte-level shrinking effective.
 */
export class Choices {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Bytes consumed so far (reads past the end count too). */
  get consumed(): number {
    return this.pos;
  }

  byte(): number {
    const b = this.pos < this.bytes.length ? this.bytes[this.pos]! : 0;
    this.pos++;
    return b;
  }

  /** An integer in [0, n); 0 when n <= 1 (consuming nothing). */
  int(n: number): number {
    if (n <= 1) return 0;
    if (n <= 256) return this.byte() % n;
    const v = this.byte() | (this.byte() << 8) | (this.byte() << 16);
    return v % n;
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability about `p`; false on exhausted input (unless p >= 1). */
  chance(p: number): boolean {
    if (p >= 1) return true;
    if (p <= 0) return false;
    return this.byte() >= Math.round(256 * (1 - p));
  }

  /** An index chosen with the given non-negative weights; index 0 on exhausted input. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    if (total <= 0) return 0;
    let r = this.int(total);
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new InvariantError('generator choice', 'pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Any u32. */
  u32(): number {
    return (this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)) >>> 0;
  }
}
