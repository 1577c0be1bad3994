import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../errors/UsageError';
import { readMutationScores, type MutationScore } from '../nightly/nightlySummary';
import { mutateTarget } from './mutateTarget';

/**
 * The scores file written by `npm run mutation`, or null if there is none yet; a corrupt one is a
 * `UsageError`. Line-range measurements (`file.ts:a-b`, kept under their own key) are left out
 * unless `ranges` is set: a range's mutants are part of its file's, so a table summing every file
 * (the nightly report) would count them twice.
 */
export function loadMutationScores(file: string, options: { readonly ranges?: boolean } = {}): MutationScore[] | null {
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const scores = readMutationScores(json, file);
  return options.ranges === true ? scores : scores.filter((m) => mutateTarget(m.file).range === null);
}
