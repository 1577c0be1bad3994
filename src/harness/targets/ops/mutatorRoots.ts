import type { Handle } from '../../../runtime/store';
import type { ExpectedRootSource } from '../../../../oracles/checkRootsList';
import type { OpRunner } from './opRunner';

/**
 * Every root the mutator holds, as the roots oracle (`checkRootsList`) takes it: handles, the
 * pending exception, globals, table elements and Wasm frame slots, null and i31 included (the
 * oracle skips them). It runs at every collection, so it allocates nothing after its first calls,
 * and it lists in `Store.enumerateRoots`' order where it can (scoped handles by slot, owned
 * handles by slot, then the runner's root provider's order), so the oracle's passing path rarely
 * sorts: owned slots are reused from a free list, so creation order is not slot order. Two held
 * handles on one slot (a store fault) are both listed, out of order, never merged.
 */
export function mutatorRoots(x: OpRunner): ExpectedRootSource {
  const bySlot: (Handle | undefined)[] = [];
  return (add) => {
    const hs = x.handles;
    let last = -1;
    for (let i = 0; i < hs.length; i++) if (hs[i]!.kind === 'scoped') add('handle', hs[i]!.index, -1, x.store.get(hs[i]!));
    for (let i = 0; i < hs.length; i++) {
      const h = hs[i]!;
      if (h.kind !== 'owned') continue;
      if (bySlot[h.index] !== undefined) add('handle', h.index, -1, x.store.get(h));
      else bySlot[h.index] = h;
      if (h.index > last) last = h.index;
    }
    for (let s = 0; s <= last; s++) {
      const h = bySlot[s];
      if (h === undefined) continue;
      bySlot[s] = undefined;
      add('handle', s, -1, x.store.get(h));
    }
    add('pending-exception', 0, -1, x.pending[0]!);
    const g = x.globals;
    for (let index = 0; index < g.length; index++) add('global', index, -1, g[index]!);
    for (const t of x.tables) for (let index = 0; index < t.size; index++) add('table', index, -1, t.elems[index]!);
    const n = x.frames.length;
    for (let k = 0; k < n; k++) {
      const f = x.frames[k]!;
      for (let index = 0; index < f.length; index++) add('stack', index, n - 1 - k, f[index]!);
    }
  };
}
