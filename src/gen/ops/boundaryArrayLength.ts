import fc from 'fast-check';
import type { ByteReader } from './opBytes';
import type { FixupShape } from './fixupShape';
import { arrayLength } from './valueArbitraries';
import { boundaryLengths } from '../wasm/boundaryLength';
import { storageSize } from '../../runtime/gcLayout';

/**
 * `newArray` lengths on the runtime's size-arithmetic boundaries (issue 13), as the wasm target
 * draws them (`boundaryLength`): a raw length above `maxArrayLength` stands for one, and fixup
 * turns it into a boundary length of the array type's element size (idempotent: a boundary
 * length is kept). From 2^31 bytes up every correct collector must say out of memory; none of
 * these is ever allocated by the model.
 */
const BOUNDARY_RAW = 2 ** 31;

/** The seeded generator's `newArray` length: mostly `arrayLength`, one time in 16 a boundary. */
export const newArrayLength: fc.Arbitrary<number> = fc.oneof(
  { weight: 15, arbitrary: arrayLength },
  { weight: 1, arbitrary: fc.integer({ min: BOUNDARY_RAW, max: BOUNDARY_RAW + 11 }) },
);

/** The byte decoder's `newArray` length: a byte below 240 gives `byte % 17` as before, the rest a boundary. */
export function newArrayLengthFromBytes(r: ByteReader): number {
  const b = r.u8();
  return b < 240 ? b % 17 : BOUNDARY_RAW + (b - 240);
}

/**
 * Fixup of a `newArray` length for array type `type`: a boundary length of its element size is
 * kept, a raw length from `BOUNDARY_RAW` up becomes one, any other wraps into 0..max as before.
 */
export function fixupArrayLength(len: number, shape: FixupShape, type: number, max: number): number {
  const elem = shape.arrayElem(type);
  const all = boundaryLengths(elem === undefined ? 1 : storageSize(elem.storage));
  if (all.includes(len)) return len;
  return len < BOUNDARY_RAW ? len % (max + 1) : all[len % all.length]!;
}
