import { UsageError } from '../errors/UsageError';

/**
 * One machine's share of a seeded run: shard `index` (1-based) of `count`.
 *
 * The mapping is fixed and documented so N machines split the seed space with no overlap:
 * the unsharded run is the sequence of global runs g = 0, 1, 2, ...; shard i of N owns exactly the
 * global runs with g mod N == i - 1, and its k-th local run (k = 0, 1, ...) is global run
 * g = k * N + (i - 1). The seed of a run is derived from (base seed, g) by the caller, exactly as
 * in an unsharded run, so shards 1..N of `--runs R` together run the same cases as the unsharded
 * `--runs N*R`, and a finding's reproducer names its global run.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The whole seed space on one machine: `1/1`. */
export const NO_SHARD: Shard = { index: 1, count: 1 };

/** Parses `i/N` (1 <= i <= N); throws `UsageError` otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--shard must be i/N (e.g. 1/4), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new UsageError(`--shard: N must be at least 1, got "${text}"`);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) {
    throw new UsageError(`--shard: i must be between 1 and N, got "${text}"`);
  }
  return { index, count };
}

/** `i/N`, the inverse of `parseShard`. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** The global run index of this shard's local run `k` (0-based): `k * N + (i - 1)`. */
export function globalRunIndex(shard: Shard, k: number): number {
  return k * shard.count + (shard.index - 1);
}

/** The shard (1-based index) that owns global run `g` among `count` shards. */
export function shardOfRun(g: number, count: number): number {
  return (g % count) + 1;
}

/**
 * How many of the global runs 0 .. total-1 fall to `shard`; together the shards' counts sum to
 * `total`. Use it when a total budget of runs is to be split rather than given per machine.
 */
export function runsInShard(shard: Shard, total: number): number {
  const first = shard.index - 1;
  return first >= total ? 0 : Math.floor((total - 1 - first) / shard.count) + 1;
}
