import { arrayLength, type ByteReader } from './opBytes';
import type { FixupShape } from './fixupShape';
import type { OpCaseConfig } from './opCase';
import { boundaryLengths } from '../wasm/boundaryLength';
import { alignUp, MAX_OBJECT_SIZE, storageSize } from '../../runtime/gcLayout';
import { HEAP_SIZE_ALIGN } from '../../runtime/heapMemory';

/**
 * `newArray` lengths on the runtime's size-arithmetic boundaries (issue 13). A raw length from
 * `BOUNDARY_RAW` up stands for one: `BOUNDARY_RAW + k` is the k-th of `opsBoundaryLengths` (the
 * wasm target's 4096 / 4112 / 2^31 / 2^32 lengths, then the 2^26-byte object-size limit), and
 * from `BOUNDARY_RAW + FILL_CODE` on, an exact-fill length of the case's heap sizes
 * (`exactFillLengths`). Fixup keeps a boundary length (idempotent). From 2^26 bytes up every
 * correct collector must say out of memory (cases have a max heap of at most 4 MiB); none of these
 * is ever allocated by the model.
 */
export const BOUNDARY_RAW = 2 ** 31;
/** Number of `opsBoundaryLengths` per element size; `BOUNDARY_RAW + FILL_CODE + i` names exact-fill length i. */
export const FILL_CODE = 16;
/** Codes a raw boundary length draws from (one byte): 16 size boundaries and 6 exact fills. */
const DRAWN_CODES = FILL_CODE + 6;
/**
 * `BOUNDARY_RAW + ROOMY_CODE + k` (k < 6, never drawn by `newArrayLengthFromBytes`) is boundary
 * length k (about 4096 bytes) when the case's maximum heap holds several such arrays
 * (`ROOMY_MAX_HEAP`), else the small length k + 1: sizeBoundarySnippet's arrays, which would
 * otherwise end most small-heap runs in out of memory.
 */
export const ROOMY_CODE = DRAWN_CODES;
const ROOMY_MAX_HEAP = 16384;
const CODES = ROOMY_CODE + 6;

/**
 * The ops target's boundary lengths for `elemBytes`: `boundaryLengths` (indices 0-11: elements of
 * 4096 bytes and under by 0, 1 element, a header's worth; the same for 4112, 2^31, 2^32), then the
 * object-size limit `MAX_OBJECT_SIZE` = 2^26 - 1 (index 12: elements one over 2^26 bytes, 13: at
 * 2^26, 14: one element under, 15: the longest whose object with the smallest header (8 bytes,
 * the null collector's) is at most `MAX_OBJECT_SIZE`). Only the ops target draws the 2^26 ones:
 * V8 would really allocate 64 MiB for them.
 */
export function opsBoundaryLengths(elemBytes: number): number[] {
  const atLimit = 2 ** 26 / elemBytes;
  const smallestObject = Math.floor((MAX_OBJECT_SIZE - alignUp(8 + 4, elemBytes)) / elemBytes);
  return [...boundaryLengths(elemBytes), atLimit + 1, atLimit, atLimit - 1, smallestObject];
}

/**
 * Array object layouts of the free-list and bump collectors (header bytes, first object offset,
 * alignment: null 8/8/8, incremental 16/16/16, DRC 24/16/16; the length word follows the header).
 * tests/gen/ops/boundaryArrayLength.test.ts checks each exact fill against the real heap.
 */
const FILL_LAYOUTS: readonly (readonly [number, number, number])[] = [[8, 8, 8], [16, 16, 16], [24, 16, 16]];

/**
 * Lengths whose array object, on an empty heap of layout `FILL_LAYOUTS[i]`, ends exactly at the
 * initial bound (index 2i) or at the maximum bound (2i + 1), to the byte: the heap sizes come from
 * the case's config, rounded as HeapMemory rounds them. -1 where no length fits exactly.
 */
export function exactFillLengths(elemBytes: number, config: OpCaseConfig): number[] {
  const initial = Math.max(HEAP_SIZE_ALIGN * 4, Math.ceil(config.heapBytes / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN);
  const max = Math.floor(config.maxHeapBytes / HEAP_SIZE_ALIGN) * HEAP_SIZE_ALIGN;
  return FILL_LAYOUTS.flatMap(([header, first, align]) => [initial, max].map((bound) => {
    const elems = bound - first - alignUp(header + 4, elemBytes);
    const len = elems / elemBytes;
    return Number.isInteger(len) && len >= 0 && alignUp(bound - first, align) === bound - first ? len : -1;
  }));
}

/** The byte decoder's `newArray` length: mostly `arrayLength`, one time in 16 a raw boundary length. */
export function newArrayLengthFromBytes(r: ByteReader): number {
  return r.weighted([15, 1]) === 0 ? arrayLength(r) : BOUNDARY_RAW + r.int(DRAWN_CODES);
}

/**
 * Fixup of a `newArray` length for array type `type`: a boundary or exact-fill length of its element
 * size is kept, a raw length from `BOUNDARY_RAW` up becomes the one its code names, any other
 * wraps into 0..max as before.
 */
export function fixupArrayLength(len: number, shape: FixupShape, type: number, max: number): number {
  const elem = shape.arrayElem(type);
  const elemBytes = elem === undefined ? 1 : storageSize(elem.storage);
  const bounds = opsBoundaryLengths(elemBytes);
  const fills = shape.config === undefined ? [] : exactFillLengths(elemBytes, shape.config);
  if (bounds.includes(len) || (len > max && fills.includes(len))) return len;
  if (len < BOUNDARY_RAW) return len % (max + 1);
  const code = (len - BOUNDARY_RAW) % CODES;
  if (code < FILL_CODE) return bounds[code]!;
  if (code >= ROOMY_CODE) return (shape.config?.maxHeapBytes ?? 0) >= ROOMY_MAX_HEAP ? bounds[code - ROOMY_CODE]! : code - ROOMY_CODE + 1;
  const fill = fills[code - FILL_CODE] ?? -1;
  return fill >= 0 ? fill : bounds[code % FILL_CODE]!;
}
