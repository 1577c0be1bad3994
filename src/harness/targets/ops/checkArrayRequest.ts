import { OracleFailure } from '../../../../oracles/OracleFailure';
import { computeLayout } from '../../../runtime/gcLayout';
import type { GcRef } from '../../../runtime/gcRef';
import type { OpRunner } from './opRunner';

/**
 * After `allocArray(type, len)` returned `r`: an array whose elements alone exceed the case's
 * maximum heap cannot have been allocated, so a correct collector said out of memory; a block
 * means its size arithmetic wrapped (issue 13's boundary lengths). Checked before the model
 * would allocate an array that large.
 */
export function checkArrayRequest(x: OpRunner, type: number, len: number, r: GcRef): void {
  const layout = computeLayout(x.store.types, type, 0);
  if (layout.kind !== 'array') return;
  const bytes = layout.elemsOffset + len * layout.elemSize;
  if (bytes <= x.c.config.maxHeapBytes) return;
  throw new OracleFailure('sandbox', x.opIndex, `out of memory for an array of ${len} x ${layout.elemSize} bytes (max heap ${x.c.config.maxHeapBytes})`, `a block at 0x${r.toString(16)}`, 'newArray');
}
