import type { FieldValue } from '../../runtime/gcHeap';
import type { InitValue } from '../../gen/ops/opCase';
import type { OpRunner } from '../../harness/targets/ops/opRunner';
import { initOperand } from '../../harness/targets/ops/opOperands';
import type { ModelValue } from '../../../oracles/modelObject';
import { OK } from '../../../oracles/observation';

/**
 * The run of `struct.new`, `array.new`, `array.new_fixed` (spec 4.4.7) and of `throw`'s exception
 * allocation as the interpreter runs them (`structNew`, `arrayNew`, `arrayNewFixed`, `exnSet`): allocate, then store each operand with
 * `structSet`/`arraySet` (the write barrier for refs), then hand the object over, here to a new
 * handle. Operands are read from their slots after the allocation, which may collect, and nothing
 * between the allocation and the rooting allocates, so the raw ref stays valid. A read that
 * faults partway abandons the object with `dropGcRef` (the allocation's own count), which must
 * release what the stored operands reference (Wasmtime #12456); the handle then holds null.
 * `vals` has one operand per field or element, or with `fill` (`array.new`) one for all `len`
 * elements (read once, even when `len` is 0).
 */
export function allocInit(x: OpRunner, what: string, kind: 'struct' | 'array' | 'exn', type: number, len: number, vals: readonly InitValue[], owned: boolean, fill = false): void {
  const struct = kind !== 'array';
  const r = x.alloc(() => (kind === 'exn' ? x.store.allocExn(type) : struct ? x.store.allocStruct(type) : x.store.allocArray(type, len)), struct ? 'struct' : 'array', type, len);
  const m = x.model;
  const mo = m === null ? null : kind === 'exn' ? m.allocExn(type) : struct ? m.allocStruct(type) : m.allocArray(type, len);
  if (mo !== null) mo.addr = r;
  const heap = x.store.heap;
  const hd = x.store.hostData;
  const init = (k: number, v: { raw: FieldValue; mv: ModelValue }): void => {
    x.runtime(() => (kind === 'exn' ? heap.exnSet(hd, r, k, v.raw) : struct ? heap.structSet(hd, r, k, v.raw) : heap.arraySet(hd, r, k, v.raw)), what);
    if (mo !== null) m!.initField(mo, k, v.mv);
  };
  let complete = true;
  if (fill) {
    const v = initOperand(x, vals[0]!, what);
    if (v === undefined) complete = false;
    else for (let k = 0; k < len; k++) init(k, v);
  } else {
    for (let k = 0; k < vals.length && complete; k++) {
      const v = initOperand(x, vals[k]!, what);
      if (v === undefined) complete = false;
      else init(k, v);
    }
  }
  if (!complete) {
    x.runtime(() => heap.dropGcRef(hd, r), 'dropGcRef of an abandoned allocation');
    x.pushHandle(x.store.root(0, owned), owned);
    m?.keep(null, owned);
    return;
  }
  x.pushHandle(x.store.root(r, owned), owned);
  m?.keep(mo, owned);
  x.obs(OK);
}
