import type { Op } from './opCase';
import type { ByteReader } from './opBytes';
import { FORGE_USES, type ForgeUse } from './opCase';
import { EXTERN_ARRAY_TYPE, NUM_ARRAY_TYPE, REF_ARRAY_TYPE } from './caseShape';

/** The snippet's externref variant (an object kind, not a type index). */
const EXTERNREF = -1;

/** Uses that reach `checkObject` (every one but the host-data read, which takes an externref). */
const OBJECT_USES: readonly ForgeUse[] = FORGE_USES.filter((u) => u !== 'hostData');

/**
 * A forged header on a fresh array (issue 13, fuzz-only coverage): `badSize` with its length word
 * grown by 64 or 128 elements, so the size the type computes disagrees with the one each
 * collector stored (DRC's `object_size`, copying's size word, incremental's size), or `funcType`,
 * an array header naming a function type; one time in four the object is an externref instead,
 * whose header may name no type at all (funcType: 'externref with a type index'). Single forge draws reach these only one forge in about
 * 64 (forged-input kind, then `badSize` with an array at hand, or `funcType` on an array), too
 * rarely for a fixed-budget run to see each collector's size check. The forge's `n` keeps the
 * variant bits of forgeInput.ts: bit 10 (an array), bit 9 clear (grow the length), bit 8 (by 64
 * or 128); the low byte picks the element read. Then the array is read and collected, so a
 * forge the runtime accepted would meet the heap walk and the model. One snippet in eight forges
 * collector bytes instead (no extra draw: the low byte's top bits), on the fresh object: a copying
 * heap's externref list link on the newer of two fresh externrefs (an externref snippet, or bit 8
 * of n), else the fresh array's COPIED bit, with a traced field of some handle's object forged too
 * (a collection meets them at once; elsewhere the forge is an interior one).
 */
export function forgedHeaderSnippet(r: ByteReader): Op[] {
  const type = r.pick([NUM_ARRAY_TYPE, REF_ARRAY_TYPE, EXTERN_ARRAY_TYPE, EXTERNREF]);
  const len = r.range(1, 4);
  const header = r.bit() ? 'funcType' : 'badSize';
  const use = r.pick(OBJECT_USES);
  const n = 0x400 | (r.bit() ? 0x100 : 0) | r.u8();
  // The low byte's top three bits set (1 in 8; only its low two pick the element read): forged
  // collector bytes instead, met by a collection (forgedCollection.ts), variant from bits 2-4.
  const collection = (n & 0xe0) === 0xe0;
  const externLink = collection && (type === EXTERNREF || (n & 0x100) !== 0);
  const kind = !collection ? header : externLink ? 'externLink' : 'copiedBit';
  const forge: Op = { op: 'forge', kind, use, h: 0, n: collection ? (((n >>> 2) & 7) << 8) | (n & 3) : n };
  // Two fresh externrefs for a list link: the forged link of the newer may alias the older.
  if (externLink) return [{ op: 'newExtern', owned: true }, { op: 'newExtern', owned: true }, forge, { op: 'gc' }];
  if (type === EXTERNREF) return [{ op: 'newExtern', owned: true }, forge, { op: 'gc' }];
  return [{ op: 'newArray', type, len, owned: true }, forge, { op: 'arrayLen', h: 0 }, { op: 'gc' }];
}
