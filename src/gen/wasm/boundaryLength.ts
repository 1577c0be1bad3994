import type { Choices } from './choices';

/**
 * Byte sizes where a runtime's size arithmetic can go wrong (issue 13): the free list's largest
 * exact size class (4096) and the block just past it, and 2^31 / 2^32 (where signed and unsigned
 * 32-bit products wrap). Not this runtime's `MAX_OBJECT_SIZE` (2^26): V8 really allocates (and
 * fills) arrays that large, which makes a case take seconds.
 */
export const BOUNDARY_BYTES: readonly number[] = [4096, 4096 + 16, 2 ** 31, 2 ** 32];

/**
 * An array length (unsigned 32-bit) whose element bytes, `elemBytes` each, land on or just under
 * one of `BOUNDARY_BYTES` (under by 0, 1 element, or about a header's worth). Every length from
 * 2^31 bytes up must end in an out-of-memory error, never a smaller block; none is ever allocated.
 */
export function boundaryLength(c: Choices, elemBytes: number): number {
  const target = c.int(BOUNDARY_BYTES.length);
  return boundaryLengths(elemBytes)[3 * target + c.int(3)]!;
}

/** Every length `boundaryLength` may give for `elemBytes`: per boundary, under by 0, 1 element, a header's worth. */
export function boundaryLengths(elemBytes: number): number[] {
  const out: number[] = [];
  for (const target of BOUNDARY_BYTES) {
    for (const under of [0, 1, Math.ceil(32 / elemBytes)]) out.push(Math.min(0xffffffff, Math.max(0, Math.floor(target / elemBytes) - under)));
  }
  return out;
}
