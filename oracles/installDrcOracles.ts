import type { GcHeap } from '../src/runtime/gcHeap';
import type { GcTypeRegistry } from '../src/runtime/gcTypes';
import { installExactFitOracle, type ExactFitStats } from './installExactFitOracle';
import { installStackRootsTriggerOracle, type StackRootsTriggerStats } from './installStackRootsTriggerOracle';

/**
 * The oracles hooked into a DRC heap's own calls: the stack-roots trigger oracle
 * (installStackRootsTriggerOracle.ts, `floor` = the configured `stackRootsTriggerFloor`; on the
 * null, copying and incremental heaps too, which must never ask) and the exact-fit oracle
 * (installExactFitOracle.ts, DRC only). `blame` names
 * the op to report (default -1).
 */
export function installDrcOracles(heap: GcHeap, types: GcTypeRegistry, floor: number | undefined, blame: () => number = () => -1): { trigger: StackRootsTriggerStats | null; exactFit: ExactFitStats | null } {
  return { trigger: installStackRootsTriggerOracle(heap, floor, blame), exactFit: installExactFitOracle(heap, types, blame) };
}
