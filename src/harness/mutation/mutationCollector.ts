/**
 * The collectors whose fuzz runs judge a mutant of `file` (a path relative to the repository
 * root): a file of one collector is fuzzed on that collector only; the free list serves the DRC
 * and incremental heaps; everything else in src/runtime is shared by every collector (`all`).
 */
export function mutationCollectors(file: string): string[] {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? file;
  for (const name of ['null', 'drc', 'copying', 'incremental']) {
    if (base.startsWith(`${name}Heap.`) || base.startsWith(`${name}Collector.`)) return [name];
  }
  if (base.startsWith('freeList')) return ['drc', 'incremental'];
  return ['all'];
}
