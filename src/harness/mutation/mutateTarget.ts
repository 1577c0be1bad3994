/**
 * One `--mutate` argument of `npm run mutation`: a file, optionally with Stryker's line range
 * (`src/runtime/x.ts:10-40`). A range run is a measurement of its own: it has its own report
 * directory, its own Stryker temp dir (so runs of different files or ranges can go side by side in
 * one worktree) and its own key in the scores file (so it never replaces the whole file's score).
 */
export interface MutateTarget {
  /** The file's path, without a range. */
  readonly path: string;
  /** `a-b` of a line-range run, or null for the whole file. */
  readonly range: string | null;
  /** The key of its score in reports/mutation/scores.json: the path, plus `:a-b` for a range. */
  readonly key: string;
  /** The file and range with path separators and the colon turned into `_` (one directory name). */
  readonly slug: string;
  /** Stryker's `tempDirName`: `.stryker-tmp-<slug>`. */
  readonly tempDir: string;
}

export function mutateTarget(arg: string): MutateTarget {
  const m = /^(.*):(\d+-\d+)$/.exec(arg);
  const path = m === null ? arg : m[1]!;
  const range = m === null ? null : m[2]!;
  const key = range === null ? path : `${path}:${range}`;
  const slug = key.replace(/[/\\:]/g, '_');
  return { path, range, key, slug, tempDir: `.stryker-tmp-${slug}` };
}

