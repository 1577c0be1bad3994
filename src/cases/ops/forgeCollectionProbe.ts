import type { OpRunner } from '../../harness/targets/ops/opRunner';
import type { GcRef } from '../../runtime/gcRef';
import { forgedCollection } from './forgedCollection';
import { FORGED_COLLECTION_KINDS } from './forgeInput';

/**
 * Forged collector bytes at every forge op on a copying heap, whatever kind it drew (issue 13: the
 * copying collector's forwarding checks met them only at the 2 in 32 forges of a forged-collection
 * kind; seed 1 first reached forward's range check at ops run 110): a forged collection that
 * must refuse the bytes and roll back (`forgedCollection`), so the heap is as it was. One kind,
 * variant and target per forge op, chosen by the op's `n`: every variant of both kinds at every
 * forge op (a collection and a heap walk each) took a fifth of the copying ops target's time (ops/s
 * 0.70 of ad15ba4's; issue 10 asks for no drop). Beside the model only, untainted, outside
 * no-GC scopes (`forgedCollection` checks the last two). No byte is drawn: every case is drawn as before.
 */
export function probeForgedCollections(x: OpRunner, refs: readonly GcRef[], h: number, n: number): void {
  if (!x.mode.model) return;
  forgedCollection(x, FORGED_COLLECTION_KINDS[(n >>> 4) % FORGED_COLLECTION_KINDS.length]!, n, h, refs, false);
}
