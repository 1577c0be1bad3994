import type { WasmCase } from '../../src/cases/wasmCase';
import { OracleFailure } from '../OracleFailure';
import type { HostObject } from './hostWorld';
import { exposedGc, V8Engine } from './v8Engine';

/**
 * Host-object lifetimes in V8 (needs `node --expose-gc`; returns false without it): runs the case
 * on V8 with every host object registered in a FinalizationRegistry, drops everything but the
 * instance, forces collections and lets finalizers run; then no host object in `mustLive` (those
 * the reference model finds reachable from globals, tables and element segments after its final
 * collection) may have been finalized. Throws OracleFailure('dangling-host-data'); returns true
 * when the check ran.
 */
export async function checkV8HostLifetimes(c: WasmCase, mustLive: ReadonlySet<number>): Promise<boolean> {
  const gc = exposedGc();
  if (gc === undefined) return false;
  const finalized = new Set<number>();
  const registry = new FinalizationRegistry<number>((id) => void finalized.add(id));
  const instance = new V8Engine().runKeeping(c, (o) => registry.register(o, (o as HostObject).hostId)).instance;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const lost = [...finalized].filter((id) => mustLive.has(id)).sort((a, b) => a - b);
  // The instance (and so everything its globals and tables hold) must stay alive until here.
  if (instance !== undefined && lost.length > 0) {
    throw new OracleFailure('dangling-host-data', -1, `host objects #${lost.join(', #')} alive (reachable from the instance)`, 'finalized by V8', 'V8 FinalizationRegistry');
  }
  return true;
}
