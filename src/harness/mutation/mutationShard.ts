import type { Shard } from '../shard';

/** A file of src/runtime and the number of mutants Stryker makes of it. */
export interface FileMutants {
  readonly file: string;
  readonly mutants: number;
}

/**
 * The files of night `shard.index` of `shard.count`, balanced by mutant count (a night's time
 * is about its mutant count): longest-processing-time-first — files by mutant count, largest
 * first (ties by name), each to the night with the fewest mutants so far (ties: the earlier
 * night). Deterministic for the same files and counts; the nights together hold every file once.
 * Returned in name order.
 */
export function mutationShard(files: readonly FileMutants[], shard: Shard): string[] {
  const nights = Array.from({ length: shard.count }, () => ({ mutants: 0, files: [] as string[] }));
  const order = [...files].sort((a, b) => b.mutants - a.mutants || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const f of order) {
    const night = nights.reduce((best, n) => (n.mutants < best.mutants ? n : best));
    night.mutants += f.mutants;
    night.files.push(f.file);
  }
  return nights[shard.index - 1]!.files.sort();
}
