import type { RefHeap } from '../../gen/ops/opCase';
import type { GcRef } from '../../runtime/gcRef';
import type { OpRunner } from '../../harness/targets/ops/opRunner';
import { refTest } from '../../wasm/execution/refTest';
import { FuncRefTable } from '../../wasm/execution/funcRefTable';
import { canonicalHeapCode, registryTypes } from '../../wasm/validation/subtyping';

/** Op streams hold no function references; `refTest` only consults this for func targets. */
const NO_FUNCS = new FuncRefTable();

/**
 * The runtime's own `ref.test` (src/wasm/execution/refTest.ts, as the interpreter runs it) on a
 * raw ref of the op runner's store: the case's types are its registry's canonical ids, so a case
 * type index is the heap-type code. Fixup keeps `to` in the value's hierarchy, as validation does.
 */
export function runtimeRefTest(x: OpRunner, r: GcRef, to: RefHeap, nullable: boolean): boolean {
  return refTest(x.store.heap, registryTypes(x.types), NO_FUNCS, r, canonicalHeapCode(to), nullable);
}
