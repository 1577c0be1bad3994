import type { WasmStore } from '../wasmStore';
import type { TagInstance } from '../tagInstance';
import { ValKind } from '../valKind';
import { asAllocationTrap } from './traps';

/**
 * `throw x` (exception handling, spec 4.4.x): allocates the exception object of `tag` (a
 * safepoint: the payload operands are still on the stack and covered by the stack map), copies the
 * payload from the top operands into it (ref fields through the write barrier), and makes it the
 * store's pending exception. Returns the stack pointer with the payload popped.
 */
export function throwNew(ws: WasmStore, num: Float64Array, big: bigint[], sp: number, tag: TagInstance): number {
  let ref: number;
  try {
    ref = ws.store.allocExn(tag.layoutType);
  } catch (e) {
    throw asAllocationTrap(e);
  }
  const heap = ws.heap;
  const hostData = ws.hostData;
  const kinds = tag.paramKinds;
  const base = sp - kinds.length;
  heap.exnSet(hostData, ref, 0, tag.id);
  for (let i = 0; i < kinds.length; i++) heap.exnSet(hostData, ref, i + 1, kinds[i] === ValKind.I64 ? big[base + i]! : num[base + i]!);
  ws.setPendingException(ref);
  heap.dropGcRef(hostData, ref);
  return base;
}

/**
 * The catch clause records at `rec` (CompiledFunc.tryRegions) matched against exception `exn`
 * thrown in module instance tags `tags`: the index of the first matching clause, or -1.
 */
export function matchCatch(ws: WasmStore, code: Int32Array, rec: number, tags: readonly TagInstance[], exn: number): number {
  const n = code[rec]!;
  let id = -1;
  for (let k = 0; k < n; k++) {
    const at = rec + 1 + 5 * k;
    const kind = code[at]!;
    if (kind >= 2) return k;
    if (id < 0) id = ws.heap.exnGet(exn, 0) as number;
    if (tags[code[at + 1]!]!.id === id) return k;
  }
  return -1;
}
