import type { GcRuntime } from '../../src/runtime/gcHeap';
import { builtinCollectors, type BuiltinCollectorName } from '../../src/runtime/collectors/builtinCollectors';
import { forgetRoots } from './forgetOuterStackRoots';

/**
 * BROKEN ON PURPOSE (Wasmtime #13316's shape, "DRC collector isn't walking exnref roots in the
 * store"): a built-in collector whose collections never see the store's pending exception (roots
 * of kind 'pending-exception'), so an exception in flight, or escaped to the host and not yet
 * taken, is freed or left behind by a move. Wraps copying (GCFUZZ_BROKEN_INNER picks another).
 */
const innerName = (process.env['GCFUZZ_BROKEN_INNER'] ?? 'copying') as BuiltinCollectorName;
const collector: GcRuntime = forgetRoots(builtinCollectors[innerName] ?? builtinCollectors.copying, 'forget-pending-exception', (r) => r.kind !== 'pending-exception');
export default collector;
export { collector };
