import fc from 'fast-check';
import { UsageError } from '../../errors/UsageError';

/** One edit applied to a byte string. Positions are taken modulo the current length. */
type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set'; readonly at: number; readonly byte: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'leb'; readonly at: number; readonly encoding: readonly number[] }
  | { readonly kind: 'splice'; readonly at: number; readonly donor: Uint8Array; readonly from: number };

/**
 * LEB128 encodings worth planting: boundary values, maximal u32 (a huge count or size), overlong
 * and over-wide forms, a dangling continuation byte, negative one-byte type codes.
 */
const LEB_ENCODINGS: readonly (readonly number[])[] = [
  [0x00],
  [0x7f],
  [0x80, 0x00],
  [0x80, 0x80, 0x80, 0x80, 0x00],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0xff, 0xff, 0xff, 0xff, 0x1f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
  [0xff, 0xff, 0xff, 0xff, 0x07],
  [0x80, 0x80, 0x80, 0x80, 0x78],
  [0x80],
  [0xe5, 0x8e, 0x26],
  [0x40],
  [0x3f],
];

function mutationArb(corpus: readonly Uint8Array[]): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), at, byte: fc.integer({ min: 0, max: 255 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at, count: fc.integer({ min: 1, max: 8 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('leb' as const), at, encoding: fc.constantFrom(...LEB_ENCODINGS) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('splice' as const), at, donor: fc.constantFrom(...corpus), from: fc.nat() }) },
  );
}

/** Apply one mutation at or after byte `lo`; the result is a new array. */
function apply(bytes: Uint8Array, m: Mutation, lo: number): Uint8Array {
  const n = bytes.length;
  const base = Math.min(lo, n);
  const p = base + (m.at % (n - base + 1));
  const concat = (...parts: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(parts.reduce((s, x) => s + x.length, 0));
    let o = 0;
    for (const x of parts) {
      out.set(x, o);
      o += x.length;
    }
    return out;
  };
  switch (m.kind) {
    case 'flip':
    case 'set': {
      if (n <= base) return bytes;
      const out = bytes.slice();
      const i = base + (m.at % (n - base));
      out[i] = m.kind === 'flip' ? out[i]! ^ (1 << m.bit) : m.byte;
      return out;
    }
    case 'insert':
      return concat(bytes.subarray(0, p), m.bytes, bytes.subarray(p));
    case 'delete':
      return concat(bytes.subarray(0, p), bytes.subarray(Math.min(n, p + m.count)));
    case 'truncate':
      return bytes.slice(0, p);
    case 'leb': {
      // Replace the LEB128 starting at p (up to its last byte) with the planted encoding.
      let end = p;
      while (end < n && end - p < 10 && (bytes[end]! & 0x80) !== 0) end++;
      return concat(bytes.subarray(0, p), Uint8Array.from(m.encoding), bytes.subarray(Math.min(n, end + 1)));
    }
    case 'splice': {
      const from = m.donor.length === 0 ? 0 : m.from % m.donor.length;
      return concat(bytes.subarray(0, p), m.donor.subarray(from));
    }
  }
}

const HEADER = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

/**
 * Byte strings for decoder robustness properties: mostly spec binaries with one to four mutations
 * (bit flips, byte edits, inserts, deletes, truncation, planted LEB128s, splices with another
 * binary; mostly after the header), plus random bytes with and without a valid header. Deterministic for a given seed.
 */
export function mutatedBytesArb(corpus: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  if (corpus.length === 0) throw new UsageError('mutatedBytesArb needs a non-empty corpus');
  // Nine in ten mutants keep the 8-byte header intact, so the mutations reach the sections.
  const mutated = fc
    .tuple(fc.constantFrom(...corpus), fc.array(mutationArb(corpus), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 9 }))
    .map(([base, ms, anywhere]) => ms.reduce((b, m) => apply(b, m, anywhere === 0 ? 0 : HEADER.length), base));
  const random = fc.uint8Array({ maxLength: 64 });
  const headed = fc.uint8Array({ maxLength: 96 }).map((tail) => {
    const out = new Uint8Array(HEADER.length + tail.length);
    out.set(HEADER);
    out.set(tail, HEADER.length);
    return out;
  });
  return fc.oneof({ weight: 16, arbitrary: mutated }, { weight: 1, arbitrary: random }, { weight: 3, arbitrary: headed });
}
