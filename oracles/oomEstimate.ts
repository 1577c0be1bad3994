import type { StructType } from '../src/runtime/gcTypes';
import type { ReferenceModel } from './referenceModel';

/**
 * The model's byte estimates behind the out-of-memory allowance (allowedDifferences.ts): an upper
 * bound over the built-in collectors' layouts per object (`ModelObject.bytes`).
 */

/**
 * Upper bound of the bytes of one object with `slots` fields or elements (any header, at most 8
 * bytes a slot, alignment), by the oracles' own rule: never the runtime's layout arithmetic
 * (gcLayout.ts), which a growth-estimate bug would share.
 */
export function objectBytesBound(kind: 'extern' | 'struct' | 'array', slots: number): number {
  return kind === 'extern' ? 32 : 32 + 8 * slots;
}

/** Estimated bytes a new object would take. */
export function requestBytes(m: ReferenceModel, kind: 'extern' | 'struct' | 'array', type: number, length: number): number {
  return objectBytesBound(kind, kind === 'struct' ? (m.types[type] as StructType).fields.length : kind === 'array' ? length : 0);
}

/** Estimated bytes a completed full collection would keep now (per the collector's promise), without pruning. */
export function survivorBytes(m: ReferenceModel): number {
  const epoch = m.reclaims === 'nothing' ? -1 : m.markSurvivors();
  let n = 0;
  for (const obj of m.objects) if (epoch === -1 || obj.mark === epoch) n += obj.bytes;
  return n;
}
