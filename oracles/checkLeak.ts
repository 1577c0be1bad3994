import type { GcHeap } from '../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../src/runtime/externRefHostDataTable';
import type { ReferenceModel } from './referenceModel';
import type { HostObject } from './modelObject';
import { OracleFailure } from './OracleFailure';

/**
 * Leak oracle, after every completed full collection (once `model.completeCollection()` has pruned
 * what the collector promises to reclaim): the heap holds exactly `model.objects` (by its counter
 * and by walking it), and the host-data table holds one entry per surviving externref and nothing
 * else. More objects or entries than promised is a leak; fewer host-data entries than surviving
 * externrefs is dangling host data; fewer objects than promised (with the reachable ones already
 * verified) means reclaiming more than the collector claims to, reported as differential.
 * `inFlightHost` is a host object whose externref is being allocated right now (its entry may
 * exist before the object does). Cost: O(heap objects + table entries).
 */
export function checkLeak(
  heap: GcHeap,
  hostData: ExternRefHostDataTable,
  model: ReferenceModel,
  opIndex: number,
  inFlightHost: HostObject | null,
): void {
  const expected = model.objects.size;
  const counted = heap.stats().objectCount;
  let walked = 0;
  heap.forEachObject(() => { walked++; });
  if (counted !== walked || walked !== expected) {
    const what = `live objects after a full collection (collector reclaims '${model.reclaims}')`;
    if (counted !== walked) throw new OracleFailure('leak', opIndex, `objectCount ${walked} (objects walked)`, `objectCount ${counted}`, what);
    if (walked > expected) throw new OracleFailure('leak', opIndex, `${expected} ${what}`, `${walked}`);
    throw new OracleFailure('differential', opIndex, `${expected} ${what}`, `${walked}`, 'reclaimed more than the collector promises');
  }

  let externs = 0;
  for (const obj of model.objects) if (obj.host !== null) externs++;
  for (const [id, value] of hostData.entries()) {
    if (value === inFlightHost && inFlightHost !== null) continue;
    const owner = model.externOf(value);
    if (owner === undefined || !model.objects.has(owner)) {
      const serial = typeof value === 'object' && value !== null && 'serial' in value ? `host object #${String((value as HostObject).serial)}` : String(value);
      throw new OracleFailure('leak', opIndex, 'no host-data entry for a reclaimed externref', `entry ${id} -> ${serial}`, 'host-data table after a full collection');
    }
  }
  const entries = hostData.size - (inFlightHost !== null && model.externOf(inFlightHost) === undefined && hasValue(hostData, inFlightHost) ? 1 : 0);
  if (entries < externs) throw new OracleFailure('dangling-host-data', opIndex, `${externs} host-data entries (one per surviving externref)`, `${entries}`);
  if (entries > externs) throw new OracleFailure('leak', opIndex, `${externs} host-data entries (one per surviving externref)`, `${entries}`);
}

function hasValue(hostData: ExternRefHostDataTable, v: unknown): boolean {
  for (const [, value] of hostData.entries()) if (value === v) return true;
  return false;
}
