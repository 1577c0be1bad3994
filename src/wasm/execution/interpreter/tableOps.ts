import type { GcHeap } from '../../../runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../../runtime/externRefHostDataTable';
import type { WasmStore } from '../wasmStore';
import type { TableInstance } from '../tableInstance';
import type { ElemInstance } from '../elemInstance';
import { trapTableOob } from './traps';

/**
 * Bulk table instructions (spec 4.4.6) on checked ranges. Every element written goes through
 * `TableInstance.set`, i.e. the write barrier for GC tables — null included (Wasmtime #14325).
 * Operands are u32s.
 */

/** `table.fill`: `TableInstance.fill` (which checks the range). */
export function tableFill(heap: GcHeap, hostData: ExternRefHostDataTable, t: TableInstance, i: number, v: number, n: number): void {
  t.fill(heap, hostData, i, v, n);
}

/** `table.copy`: overlap-safe when both are the same table. */
export function tableCopy(ws: WasmStore, dst: TableInstance, src: TableInstance, d: number, s: number, n: number): void {
  if (s + n > src.size || d + n > dst.size) throw trapTableOob();
  const heap = ws.heap;
  const hostData = ws.hostData;
  if (dst === src && d > s) {
    for (let k = n - 1; k >= 0; k--) dst.set(heap, hostData, d + k, src.elems[s + k]!);
  } else {
    for (let k = 0; k < n; k++) dst.set(heap, hostData, d + k, src.elems[s + k]!);
  }
}

/** `table.init`: copies from the segment's slots (which keep their own counts). */
export function tableInit(ws: WasmStore, t: TableInstance, seg: ElemInstance, d: number, s: number, n: number): void {
  if (s + n > seg.length || d + n > t.size) throw trapTableOob();
  const heap = ws.heap;
  const hostData = ws.hostData;
  for (let k = 0; k < n; k++) t.set(heap, hostData, d + k, seg.refs[s + k]!);
}
