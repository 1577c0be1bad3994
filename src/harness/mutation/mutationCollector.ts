/** A compiled collector module in the sandbox's dist/, named by path as a user names their own. */
const MODULE = (name: string): string => `dist/src/runtime/collectors/${name}Collector.js`;

/**
 * `--collector all` takes builtinCollectors' values directly, so the loader and the zeal variants
 * are reached only by the other ways a user names a collector: a built-in name, `incremental:N`, a
 * module path and a module path with a zeal period (`PATH:N`, withIncrementalZealPeriod). The
 * periods have two digits, so that a name pattern cut to one digit does not still match.
 */
export const LOADER_COLLECTORS: readonly string[] = ['drc', 'incremental:13', MODULE('null'), `${MODULE('incremental')}:15`];

/**
 * The `--collector` specs whose fuzz runs judge a mutant of `file` (a path relative to the
 * repository root): a file of one collector is fuzzed on that collector only (the incremental
 * collector's file also as a module path with a zeal period, its `withIncrementalZealPeriod`); the
 * free list serves the DRC and incremental heaps; the loader and the built-in table get
 * LOADER_COLLECTORS; everything else in src/runtime is shared by every collector (`all`).
 */
export function mutationCollectors(file: string): string[] {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? file;
  if (base.startsWith('loadCollector.') || base.startsWith('builtinCollectors.')) return [...LOADER_COLLECTORS];
  if (base.startsWith('incrementalCollector.')) return ['incremental', `${MODULE('incremental')}:15`];
  for (const name of ['null', 'drc', 'copying', 'incremental']) {
    if (base.startsWith(`${name}Heap.`) || base.startsWith(`${name}Collector.`)) return [name];
  }
  if (base.startsWith('freeList')) return ['drc', 'incremental'];
  return ['all'];
}

/**
 * Runs of the loader target (`--target loader`, no collector) that judge a mutant of `file` before
 * its ops and wasm runs: the loader, the built-in table and the incremental collector's zeal
 * plumbing decide which collector a session fuzzes, and the loader target checks every way of
 * naming one against the documented grammar. 1000 runs take about 3 s; 0 for other files.
 */
export function loaderTargetRuns(file: string): number {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? file;
  return ['loadCollector.', 'builtinCollectors.', 'incrementalCollector.'].some((f) => base.startsWith(f)) ? LOADER_TARGET_RUNS : 0;
}

export const LOADER_TARGET_RUNS = 1000;
