import type { Op } from './opCase';
import type { ByteReader } from './opBytes';
import { BOUNDARY_RAW } from './boundaryArrayLength';
import { NUM_ARRAY_TYPE, REF_ARRAY_TYPE } from './caseShape';

/** Boundary codes of the object-size limit (boundaryArrayLength.ts `opsBoundaryLengths` indices 12-15). */
const FIRST_LIMIT_CODE = 12;
const LIMIT_CODES = 4;

/**
 * An array request at the runtime's 2^26-byte object-size limit (issue 13, fuzz-only coverage):
 * one element over 2^26 bytes, exactly 2^26, one element under, or the longest whose object with
 * the smallest header (the null collector's 8 bytes) is at most `MAX_OBJECT_SIZE`, whose size
 * rounded to 8 is 2^26, the null collector's own size limit. Single `newArray` draws pick one of
 * these about once in 350 arrays; sizeBoundarySnippet covers the 4096-byte and 2^31/2^32 ones.
 * Every correct collector answers out of memory (cases have a max heap of at most 4 MiB) with a
 * null handle, which the element read and the collection after it must survive.
 */
export function objectSizeLimitSnippet(r: ByteReader): Op[] {
  const code = FIRST_LIMIT_CODE + r.int(LIMIT_CODES);
  const type = r.pick([NUM_ARRAY_TYPE, REF_ARRAY_TYPE]);
  return [
    { op: 'newArray', type, len: BOUNDARY_RAW + code, owned: true },
    { op: 'arrayLen', h: 0 },
    { op: 'read', src: { s: 'elem', h: 0, i: 0 }, signed: false, keep: 'no' },
    { op: 'gc' },
  ];
}
