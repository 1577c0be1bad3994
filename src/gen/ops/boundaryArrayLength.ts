import { arrayLength, type ByteReader } from './opBytes';
import type { FixupShape } from './fixupShape';
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

/** The byte decoder's `newArray` length: mostly `arrayLength`, one time in 16 a raw boundary length. */
export function newArrayLengthFromBytes(r: ByteReader): number {
  return r.weighted([15, 1]) === 0 ? arrayLength(r) : BOUNDARY_RAW + r.int(12);
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
