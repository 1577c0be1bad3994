import { UsageError } from '../errors/UsageError';

/**
 * Oracles of the ops target that a base as old as ad15ba4 (the commit before issue 10's redesign)
 * does not have, by the name `bench:ops-ab --tree-without` takes, as the module export to replace
 * and what replaces it (a no-op of the same signature). With them off, the measured tree runs the
 * oracles the base runs, so the ratio is of the machinery (generation aside), not of the checks
 * added since. `accounting` removes the heap-call ledger, which also carries the roots check at
 * the start of each collection. `release` skips the release of every root at the end of a run
 * (issue 10's own end-of-run check; the collection after it still runs, on the same roots).
 */
const SWITCHES: Readonly<Record<string, readonly [module: string, name: string, off: unknown]>> = {
  accounting: ['./dist/oracles/heapCallLedger', 'HeapCallLedger', { install: () => null }],
  roots: ['./dist/oracles/checkRootsList', 'checkRootsList', () => undefined],
  storeCounts: ['./dist/oracles/installStoreCountsOracle', 'installStoreCountsOracle', () => () => undefined],
  marking: ['./dist/oracles/incremental/installMarkingOracles', 'installMarkingOracles', () => undefined],
  freeList: ['./dist/oracles/installFreeListOracle', 'installFreeListOracle', () => undefined],
  drc: ['./dist/oracles/installDrcOracles', 'installDrcOracles', () => undefined],
  probes: ['./dist/src/cases/ops/forgeIndex', 'probeForgedIndices', () => undefined],
  liveHandles: ['./dist/oracles/checkLiveHandles', 'checkLiveHandles', () => undefined],
  storeCalls: ['./dist/oracles/installStoreCallsOracle', 'installStoreCallsOracle', () => undefined],
  grow: ['./dist/oracles/installGrowOracle', 'installGrowOracle', () => undefined],
  nullOom: ['./dist/oracles/checkNullOutOfMemory', 'checkNullOutOfMemory', () => undefined],
  release: ['./dist/src/harness/targets/ops/releaseEveryRoot', 'releaseEveryRoot', () => undefined],
};

export const ORACLE_SWITCHES: readonly string[] = Object.keys(SWITCHES);

/**
 * Turns the named oracles off in the tree `load` reads from, before anything of it runs (its
 * modules read each other's exports at call time, as tsc's CommonJS output does).
 */
export function withoutOracles(load: (id: string) => unknown, names: readonly string[]): void {
  for (const name of names) {
    const s = SWITCHES[name];
    if (s === undefined) throw new UsageError(`--tree-without: no oracle switch '${name}' (one of ${ORACLE_SWITCHES.join(', ')})`);
    const [module, exported, off] = s;
    (load(module) as Record<string, unknown>)[exported] = off;
  }
}
