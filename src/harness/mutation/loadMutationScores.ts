import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../errors/UsageError';
import { readMutationScores, type MutationScore } from '../nightly/nightlySummary';

/** The scores file written by `npm run mutation`, or null if there is none yet; a corrupt one is a `UsageError`. */
export function loadMutationScores(file: string): MutationScore[] | null {
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return readMutationScores(json, file);
}
