import type { FieldValue, GcHeap } from '../../runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../runtime/externRefHostDataTable';
import type { GcRef } from '../../runtime/gcRef';
import { trapArrayOob, trapNullArray } from './interpreter/traps';

/**
 * The bulk array instructions (spec 4.4.7) on operands already taken off the stack, shared by the
 * interpreter and the op-stream harness so both run the same checks and the same barriers. Every
 * element is written with `GcHeap.arraySet`, i.e. through the collector's write barrier for ref
 * elements, null included; nothing is written when a check fails. Indices and lengths are u32s.
 */

/**
 * `array.fill`: traps "null reference" for a null array, then "out of bounds array access" when
 * `d + n` passes its length; otherwise elements [d, d + n) become `v`.
 */
export function arrayFillRange(heap: GcHeap, hostData: ExternRefHostDataTable, ref: GcRef, d: number, v: FieldValue, n: number): void {
  if (ref === 0) throw trapNullArray();
  if (d + n > heap.arrayLen(ref)) throw trapArrayOob();
  for (let i = 0; i < n; i++) heap.arraySet(hostData, ref, d + i, v);
}

/**
 * `array.copy`: traps "null reference" if either array is null, then "out of bounds array access"
 * if either range passes its array's end; otherwise elements [s, s + n) of `src` go to [d, d + n)
 * of `dst`. Within one array, a copy to a higher index runs backwards, so overlapping ranges read
 * every element before it is overwritten (memmove).
 */
export function arrayCopyRange(heap: GcHeap, hostData: ExternRefHostDataTable, dst: GcRef, d: number, src: GcRef, s: number, n: number): void {
  if (dst === 0 || src === 0) throw trapNullArray();
  if (d + n > heap.arrayLen(dst) || s + n > heap.arrayLen(src)) throw trapArrayOob();
  if (dst === src && d > s) {
    for (let i = n - 1; i >= 0; i--) heap.arraySet(hostData, dst, d + i, heap.arrayGet(src, s + i));
  } else {
    for (let i = 0; i < n; i++) heap.arraySet(hostData, dst, d + i, heap.arrayGet(src, s + i));
  }
}
