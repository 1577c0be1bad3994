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
 * Runs at every collection the roots oracle judges: O(n) when the lists agree (`sameHandles`),
 * O(n log n) to decide and name a difference.
 */
export function checkLiveHandles(listed: readonly Handle[], held: readonly Handle[], opIndex: number, when: string): void {
  if (sameHandles(listed, held)) return;
  const want = held.filter((h) => h.kind === 'scoped').sort((a, b) => a.index - b.index);
  want.push(...held.filter((h) => h.kind === 'owned').sort((a, b) => a.index - b.index));
  const same = listed.length === want.length && listed.every((h, i) => h.kind === want[i]!.kind && h.index === want[i]!.index && h.gen === want[i]!.gen);
  if (!same) throw new OracleFailure('roots', opIndex, describe(want), describe(listed), `Store.liveHandles(), ${when}`);
}

/** Generation by slot of the listed handles, kept between calls (-1 or a hole: none); one array per kind. */
const scopedGen: number[] = [];
const ownedGen: number[] = [];

/**
 * The passing path without sorting (this runs at every collection): `listed` in its promised order
 * (scoped before owned, slot indexes rising) and every held handle matching a distinct listed one
 * with the same count means the sorted `held` is `listed`. False sends both to the exact check.
 */
function sameHandles(listed: readonly Handle[], held: readonly Handle[]): boolean {
  let ordered = listed.length === held.length;
  let lastOwned = false;
  let lastIndex = -1;
  for (const h of listed) {
    const owned = h.kind === 'owned';
    if (owned !== lastOwned) lastIndex = -1;
    if ((lastOwned && !owned) || h.index <= lastIndex) ordered = false;
    lastOwned = owned;
    lastIndex = h.index;
    (owned ? ownedGen : scopedGen)[h.index] = h.gen;
  }
  let same = ordered;
  for (let i = 0; same && i < held.length; i++) {
    const h = held[i]!;
    const gens = h.kind === 'owned' ? ownedGen : scopedGen;
    if (gens[h.index] !== h.gen || h.gen < 0) same = false;
    else gens[h.index] = -1;
  }
  for (const h of listed) (h.kind === 'owned' ? ownedGen : scopedGen)[h.index] = -1;
  return same;
}
