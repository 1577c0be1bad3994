import type { OpRunner } from '../../harness/targets/ops/opRunner';
import type { GcRef } from '../../runtime/gcRef';
import { forgedCollection } from './forgedCollection';
import { FORGED_COLLECTION_KINDS } from './forgeInput';

/**
 * Forged collector bytes at every forge op on a copying heap, whatever kind it drew (issue 13: the
 * copying collector's forwarding checks met them only at the 2 in 32 forges of a forged-collection
 * kind; seed 1 first reached forward's range check at ops run 110): both kinds, every variant, each
 * in its own collection that must refuse the bytes and roll back (`forgedCollection`), so the heap
 * is as it was. Beside the model only, untainted, outside no-GC scopes (`forgedCollection` checks
 * the last two). No byte is drawn: every case is drawn as before.
 */
export function probeForgedCollections(x: OpRunner, refs: readonly GcRef[], h: number, n: number): void {
  if (!x.mode.model) return;
  for (const kind of FORGED_COLLECTION_KINDS) forgedCollection(x, kind, n, h, refs, false);
}
