import fc from 'fast-check';
import { Arbitrary, Stream, Value } from 'fast-check';

/**
 * Decision bytes with a shrinker sized for whole-program cases. fast-check's array shrinker
 * offers a candidate per element (thousands for a few KiB), and every candidate costs a program
 * generation; this one offers O(log n) candidates per step, simplest first: truncations (the tail
 * of the decisions; past the end reads as zeros, the simplest choices), then zeroed chunks of
 * halving size down to 1/32 of the length, then smaller byte values in the first chunk that is
 * not yet zero.
 */
export class WasmBytesArbitrary extends Arbitrary<Uint8Array> {
  private readonly inner: fc.Arbitrary<Uint8Array>;

  constructor(minLength: number, maxLength: number) {
    super();
    this.inner = fc.uint8Array({ minLength, maxLength, size: 'max' });
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): Value<Uint8Array> {
    return new Value(this.inner.generate(mrng, biasFactor).value_, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Uint8Array {
    return value instanceof Uint8Array;
  }

  shrink(value: Uint8Array, _context: unknown): Stream<Value<Uint8Array>> {
    return Stream.of(...shrinkBytes(value).map((b) => new Value(b, undefined)));
  }
}

/** The shrink candidates of `b`, simplest first. */
export function shrinkBytes(b: Uint8Array): Uint8Array[] {
  const n = b.length;
  const out: Uint8Array[] = [];
  if (n === 0) return out;
  for (const keep of [0, n >> 2, n >> 1, (3 * n) >> 2, (7 * n) >> 3]) if (keep < n) out.push(b.slice(0, keep));
  const minChunk = Math.max(1, n >> 5);
  for (let size = n >> 1; size >= minChunk; size >>= 1) {
    for (let at = 0; at < n; at += size) {
      const end = Math.min(n, at + size);
      if (b.subarray(at, end).some((x) => x !== 0)) {
        const z = b.slice();
        z.fill(0, at, end);
        out.push(z);
      }
    }
  }
  const first = b.findIndex((x) => x !== 0);
  if (first >= 0) {
    const end = Math.min(n, first + minChunk);
    const half = b.slice();
    for (let i = first; i < end; i++) half[i] = half[i]! >> 1;
    out.push(half);
  }
  return out;
}
