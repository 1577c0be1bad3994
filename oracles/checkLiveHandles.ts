import type { Handle } from '../src/runtime/store';
import { OracleFailure } from './OracleFailure';

const describe = (hs: readonly Handle[]): string => hs.length === 0 ? 'none' : hs.slice(0, 12).map((h) => `${h.kind} ${h.index} gen ${h.gen}`).join(', ') + (hs.length > 12 ? `, ... (${hs.length} in all)` : '');

/**
 * The `roots` oracle's handle half: `Store.liveHandles()` (what a host enumerates its roots by,
 * as the Wasm target's final program-heap check does) must list exactly the handles the mutator
 * holds, `held` (made and neither dropped nor released by leaving their scope, or by `reset`):
 * the scoped ones by slot index (their creation order), then the owned ones by slot index, each
 * with its slot and generation. A dropped scoped handle's hole, an owned slot on the free list, or
 * a live handle left out all make a host see a root that is not there or miss one that is.
 * O(n log n) in the handles; run at every collection the roots oracle judges.
 */
export function checkLiveHandles(listed: readonly Handle[], held: readonly Handle[], opIndex: number, when: string): void {
  const want = held.filter((h) => h.kind === 'scoped').sort((a, b) => a.index - b.index);
  want.push(...held.filter((h) => h.kind === 'owned').sort((a, b) => a.index - b.index));
  const same = listed.length === want.length && listed.every((h, i) => h.kind === want[i]!.kind && h.index === want[i]!.index && h.gen === want[i]!.gen);
  if (!same) throw new OracleFailure('roots', opIndex, describe(want), describe(listed), `Store.liveHandles(), ${when}`);
}
