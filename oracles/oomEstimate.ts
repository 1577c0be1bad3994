import type { StructType } from '../src/runtime/gcTypes';
import type { ReferenceModel } from './referenceModel';

/**
 * The model's byte estimates behind the out-of-memory allowance (allowedDifferences.ts): an upper
 * bound over the built-in collectors' layouts per object (`ModelObject.bytes`).
 */

/** Estimated bytes a new object would take. */
export function requestBytes(m: ReferenceModel, kind: 'extern' | 'struct' | 'array', type: number, length: number): number {
  if (kind === 'extern') return 32;
  if (kind === 'struct') return 32 + 8 * (m.types[type] as StructType).fields.length;
  return 32 + 8 * length;
}

/** Estimated bytes a completed full collection would keep now (per the collector's promise), without pruning. */
export function survivorBytes(m: ReferenceModel): number {
  const epoch = m.reclaims === 'nothing' ? -1 : m.markSurvivors();
  let n = 0;
  for (const obj of m.objects) if (epoch === -1 || obj.mark === epoch) n += obj.bytes;
  return n;
}
