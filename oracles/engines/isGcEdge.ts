import type { GcTypeRegistry, StorageType } from '../../src/runtime/gcTypes';

/**
 * Whether a field or element of declared storage type `s` holds a GC edge, decided by the oracles
 * on their own (spec 2.3.3 "heap types": the func hierarchy, `func`, `nofunc` and concrete
 * function types, holds function references, which are never GC objects; every other reference
 * type is an edge). Deliberately not `GcTypeRegistry.traceKind`: the runtime under test lays its
 * objects out with that, so an oracle asking it would share any bug in it (common mode).
 */
export function isGcEdge(types: GcTypeRegistry, s: StorageType): boolean {
  if (typeof s === 'string') return false;
  const h = s.heap;
  if (typeof h === 'number') return types.get(h).kind !== 'func';
  return h !== 'func' && h !== 'nofunc';
}
