import type { Bystander } from '../../src/harness/targets/ops/bystander';
import { heapDigest } from './heapDigest';

/** Why the bystander store is no longer as it was built (its heap bytes or observable state), or null. */
export function bystanderChange(b: Bystander, bytes: number): string | null {
  if (heapDigest(b.store) !== bytes) return 'another store changed: its heap bytes differ after the run';
  let now: string;
  try {
    now = b.fingerprint();
  } catch (e) {
    return `another store changed: reading it raised ${e instanceof Error ? e.message : String(e)}`;
  }
  return now === b.baseline ? null : `another store changed: ${now} (was ${b.baseline})`;
}
