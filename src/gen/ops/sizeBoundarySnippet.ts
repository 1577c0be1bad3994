import type { Op } from './opCase';
import type { ByteReader } from './opBytes';
import { BOUNDARY_RAW, FILL_CODE, ROOMY_CODE } from './boundaryArrayLength';
import { NODE_TYPE, NUM_ARRAY_TYPE, REF_ARRAY_TYPE } from './caseShape';
import { GC } from './snippetParts';

const node: Op = { op: 'newStruct', type: NODE_TYPE, owned: true };
const newArray = (type: number, code: number): Op => ({ op: 'newArray', type, len: BOUNDARY_RAW + code, owned: true });

/**
 * Allocations at the free list's and the heap's size boundaries (issue 13), which single `newArray`
 * draws reach too rarely to matter (one in 16 is a boundary length, and it must then be freed and
 * needed again): three shapes, see `largeBlocks`, `wrapping` and `exactFill`. Lengths are raw boundary codes
 * (boundaryArrayLength.ts) that fixup resolves against the array type's element size and the
 * case's heap sizes.
 */
export function sizeBoundarySnippet(r: ByteReader): Op[] {
  const shape = r.int(3);
  return shape === 2 ? exactFill(r) : shape === 1 ? wrapping(r) : largeBlocks(r);
}

/** Boundary codes of the 2^31- and 2^32-byte lengths (boundaryArrayLength.ts, `boundaryLengths` indices 6-11). */
const WRAP_CODES = 6;
const FIRST_WRAP_CODE = 6;

/**
 * An array request of 2^31 or 2^32 bytes (exactly, one element over, a header's worth under), whose
 * byte size wraps to a small block under 32-bit size arithmetic: every correct collector answers
 * out of memory and the run goes on with a null handle (refuseOversizedArray), while a wrapped
 * block is a sandbox finding on the spot. Then the element accesses a wrapped block would let run
 * past its end, and a collection.
 */
function wrapping(r: ByteReader): Op[] {
  const code = FIRST_WRAP_CODE + r.int(WRAP_CODES);
  const type = r.pick([NUM_ARRAY_TYPE, REF_ARRAY_TYPE]);
  return [
    newArray(type, code),
    { op: 'arrayLen', h: 0 },
    { op: 'read', src: { s: 'elem', h: 0, i: 1 }, signed: false, keep: 'no' },
    GC,
  ];
}

/**
 * Arrays of about 4096 bytes (boundary lengths 0-5 where the maximum heap has room, `ROOMY_CODE`:
 * elements of 4096 or 4112 bytes, or a header's worth under, whose object is then exactly the free
 * list's SMALL_LIMIT on DRC and incremental),
 * each followed by a small object so its block cannot merge into the bump region, freed (DRC
 * frees on the drop, the others at the collection), collected (zeal `checks` then verifies the
 * free list while the large blocks are free), and needed again: another such array, which must
 * come from a freed large block (split when smaller), then a small object.
 */
function largeBlocks(r: ByteReader): Op[] {
  const first = r.int(6);
  const second = r.int(6);
  const type = r.pick([NUM_ARRAY_TYPE, NUM_ARRAY_TYPE, REF_ARRAY_TYPE]);
  const two = r.bit();
  const collect = r.pick<Op[]>([[GC], [GC], [{ op: 'gcSliced', slices: 2 }], []]);
  const ops: Op[] = [newArray(type, ROOMY_CODE + first), node];
  if (two) ops.push(newArray(type, ROOMY_CODE + second), node);
  // Handles, newest first: [node, array, node, array] or [node, array].
  ops.push({ op: 'drop', h: two ? 3 : 1 });
  if (two) ops.push({ op: 'drop', h: 1 });
  ops.push(...collect, newArray(type, ROOMY_CODE + second), node, GC);
  ops.push({ op: 'read', src: { s: 'elem', h: 1, i: 0 }, signed: false, keep: 'no' });
  return ops;
}

/**
 * `reset`, then one array whose object exactly fills the empty heap's initial or maximum bound for
 * one collector's layout (exact-fill codes), collected while the heap is full to the byte (zeal
 * `checks` then verifies a bump pointer equal to the bound), read, then one more allocation,
 * which must grow the heap or collect (the array mostly dropped first) or fail with out of memory.
 */
function exactFill(r: ByteReader): Op[] {
  // The maximum bound one time in three: a fill for another collector's (smaller) header is then
  // one header's worth past the maximum heap and ends the run in out of memory.
  const fill = 2 * r.int(3) + (r.int(3) === 2 ? 1 : 0);
  const type = r.pick([NUM_ARRAY_TYPE, REF_ARRAY_TYPE]);
  const keep = r.int(4) === 3;
  return [
    { op: 'reset' },
    newArray(type, FILL_CODE + fill),
    GC,
    { op: 'read', src: { s: 'elem', h: 0, i: 0 }, signed: false, keep: 'no' },
    ...(keep ? [] : [{ op: 'drop', h: 0 } as Op]),
    node,
    GC,
  ];
}
