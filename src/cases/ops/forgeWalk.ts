import type { OpRunner } from '../../harness/targets/ops/opRunner';
import type { GcHeap } from '../../runtime/gcHeap';
import type { GcRef } from '../../runtime/gcRef';
import { DrcHeap } from '../../runtime/collectors/drcHeap';
import { IncrementalHeap } from '../../runtime/collectors/incrementalHeap';
import { InvariantError } from '../../errors/InvariantError';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { describeError } from '../../../oracles/classifyRuntimeError';
import { lastObject, Scribbler } from './forgeInput';

/**
 * The byte offset of the size word in an object's header on a free-list heap, by the oracles' own
 * reading of the layouts (drcHeap.ts: a 24-byte header whose word at 20 is `object_size`;
 * incrementalHeap.ts: a 16-byte header whose word at 8 is the size); null on any other heap (the
 * null and copying walks read the size from the first word's collector bits, which the
 * forged-header snippets already forge). The two heaps align every block to 16 bytes.
 */
function sizeWordOffset(heap: GcHeap): number | null {
  if (heap instanceof DrcHeap) return 20;
  if (heap instanceof IncrementalHeap) return 8;
  return null;
}
const ALIGN = 16;

/** Thrown by the probe's visitor when the walk hands it the object whose size it cannot trust. */
const VISITED_FORGED: unique symbol = Symbol('forged walk: the forged object was visited');

/**
 * Forged object sizes met by a heap walk (issue 13: a free-list heap's walk, freeListHeap.ts, only
 * ever met true sizes). A heap walk (`forEachObject`, and `verifyIntegrity` under zeal) finds each
 * next object by the size word of the one before, so a size that a compiler bug or a malicious
 * module wrote there must stop it: the walk throws InvariantError ('heap walk') at that object and
 * never hands the visitor the object, nor anything past it. The probe writes the size word of the
 * heap's highest object three ways, each in turn and put back: 0 (the walk would never move on), a
 * size that is not a multiple of the 16-byte alignment but fits the object (24, when the object is
 * at least 32 bytes), and a size that runs past the bump pointer (2^31 - 16). On each the walk must
 * throw InvariantError before visiting that object. Run at the first forge op on DRC and incremental
 * heaps, beside the model only and while the run is untainted (a forged write may have left other
 * sizes wrong); the heaps hold no pending collection that a walk would abandon (only copying
 * does), so the probe leaves the case as it was. No byte is drawn: every case is drawn as before.
 * Cost: four walks of the heap, so once per run, at the first forge op that finds an object.
 */
export function probeForgedWalk(x: OpRunner): void {
  if (x.tainted || !x.mode.model || x.probedOnce.has('walk')) return;
  const heap = x.store.heap;
  const off = sizeWordOffset(heap);
  if (off === null) return;
  const last = lastObject(heap);
  if (last === 0) return;
  x.probedOnce.add('walk');
  const s = new Scribbler(heap);
  const word = (last + off) >>> 2;
  const size = s.u32[word]!;
  const forged = size >= 2 * ALIGN ? [0, ALIGN + ALIGN / 2, 0x7ffffff0] : [0, 0x7ffffff0];
  for (const bad of forged) {
    s.write(word, bad);
    let threw = false;
    let error: unknown;
    try {
      heap.forEachObject((ref: GcRef) => {
        if (ref === last) throw VISITED_FORGED;
      });
    } catch (e) {
      threw = true;
      error = e;
    } finally {
      s.restore();
    }
    if (threw && error instanceof InvariantError) continue;
    const actual = !threw ? 'the walk ended normally' : error === VISITED_FORGED ? `the object at ${last} was handed to the visitor` : describeError(error);
    throw new OracleFailure('sandbox', x.opIndex, `a heap walk that meets the object at ${last} with size word ${bad} (its size is ${size}) to throw InvariantError before visiting it`, actual, 'forged walk');
  }
}
