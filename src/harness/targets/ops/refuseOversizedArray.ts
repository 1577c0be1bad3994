import { OracleFailure } from '../../../../oracles/OracleFailure';
import { checkTooLargeReason } from '../../../../oracles/checkTooLargeReason';
import { describeError, oracleForUnexpectedError } from '../../../../oracles/classifyRuntimeError';
import { obsError } from '../../../../oracles/observation';
import { OutOfMemoryError } from '../../../errors/OutOfMemoryError';
import { computeLayout } from '../../../runtime/gcLayout';
import type { GcRef } from '../../../runtime/gcRef';
import type { OpRunner } from './opRunner';

/** Bytes of array `type`'s elements alone plus its header (0 for a non-array type): the least any collector needs. */
function requestBytes(x: OpRunner, type: number, len: number): number {
  const layout = computeLayout(x.store.types, type, 0);
  return layout.kind === 'array' ? layout.elemsOffset + len * layout.elemSize : 0;
}

/** Whether an array of `len` elements of `type` exceeds the case's maximum heap, so no correct collector can allocate it. */
export function exceedsMaxHeap(x: OpRunner, type: number, len: number): boolean {
  return requestBytes(x, type, len) > x.c.config.maxHeapBytes;
}

/**
 * A block `r` returned for an array request past the case's maximum heap: its elements alone could
 * not fit, so a correct collector said out of memory; a block means its size arithmetic wrapped
 * (issue 13's boundary lengths). Checked before the model would allocate an array that large.
 */
function wrappedBlock(x: OpRunner, type: number, len: number, r: GcRef): OracleFailure {
  const layout = computeLayout(x.store.types, type, 0);
  return new OracleFailure('sandbox', x.opIndex, `out of memory for an array of ${len} x ${layout.kind === 'array' ? layout.elemSize : 0} bytes (max heap ${x.c.config.maxHeapBytes})`, `a block at 0x${r.toString(16)}`, 'newArray');
}

/**
 * `newArray` of a request larger than the case's maximum heap (the boundary lengths): every
 * correct collector answers OutOfMemoryError, whatever it did first (a collection, which the model
 * follows through the store's completion hook, or growth), and leaves the heap usable. So the run
 * goes on, with a null handle where the array's would be (the op's handle slot, as fixup counted
 * it); before, such an answer ended the run, and every boundary draw cut a case short. Its reason
 * must say whether the object is over the size limit (checkTooLargeReason).
 */
export function refuseOversizedArray(x: OpRunner, type: number, len: number, owned: boolean): void {
  const a = x.attempt(() => x.store.allocArray(type, len));
  if (!a.threw) throw wrappedBlock(x, type, len, a.value ?? 0);
  if (!(a.error instanceof OutOfMemoryError)) {
    // After a taint (a forged root, say) any typed error is fine: the runner's tainted path judges it.
    if (x.tainted) throw a.error;
    throw new OracleFailure(oracleForUnexpectedError(a.error), x.opIndex, `out of memory for an array of ${len} elements (max heap ${x.c.config.maxHeapBytes})`, describeError(a.error), 'newArray');
  }
  if (x.mode.model && !x.tainted) checkTooLargeReason(x.store.heap, x.store.types, type, len, a.error.message, x.opIndex);
  x.pushHandle(x.store.root(0, owned), owned);
  x.model?.keep(null, owned);
  x.obs(obsError('out-of-memory'));
}
