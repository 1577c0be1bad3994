import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { GcHeap } from '../../src/runtime/gcHeap';
import { GcKind } from '../../src/runtime/gcKind';
import { i31GetS, type GcRef } from '../../src/runtime/gcRef';
import type { HostWorld } from './hostWorld';
import type { ValueSummary } from './outcome';

/**
 * Summary of a GcRef of the interpreter (any or extern hierarchy), matching what V8 hands to
 * JavaScript: null, an i31 by value, an externref by host identity (also when seen as anyref after
 * `any.convert_extern`), any struct or array as `object`. A host-data entry that is not one of
 * the world's host objects summarises as host id -1 (a dangling or foreign entry: the comparison
 * with the other engines reports it).
 */
export function summarizeGcRef(heap: GcHeap, hostData: ExternRefHostDataTable, world: HostWorld, r: GcRef): ValueSummary {
  if (r === 0) return { t: 'null' };
  if ((r & 1) === 1) return { t: 'i31', v: i31GetS(r) };
  if (heap.headerKind(r) !== GcKind.ExternRef) return { t: 'object' };
  const id = heap.externrefHostData(r);
  const host = hostData.has(id) ? world.idOf(hostData.get(id)) : undefined;
  return { t: 'host', id: host ?? -1 };
}
