import { GcfuzzError } from '../../src/errors/GcfuzzError';
import { InvariantError } from '../../src/errors/InvariantError';
import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { GcHeap, GcRuntime } from '../../src/runtime/gcHeap';
import { GcKind } from '../../src/runtime/gcKind';
import { isHeapRef, type GcRef } from '../../src/runtime/gcRef';
import type { GcTypeRegistry } from '../../src/runtime/gcTypes';
import { OracleFailure } from '../OracleFailure';
import { survivingGarbage } from '../collectorPromise';
import { isGcEdge } from './isGcEdge';

/** What the program-level heap oracles look at, after the run's final full collection. */
export interface ProgramHeap {
  readonly heap: GcHeap;
  readonly hostData: ExternRefHostDataTable;
  readonly types: GcTypeRegistry;
  readonly reclaims: GcRuntime['reclaims'];
  /** The roots of the final collection: GC refs in globals, tables, element segments and host handles, with a name each. */
  readonly roots: readonly { readonly where: string; readonly ref: GcRef }[];
  /** Whether a host-data value is one of the case's host objects. */
  readonly isHostObject: (v: unknown) => boolean;
}

/**
 * An interpreter engine's heap after its final full collection: the heap to check, or the error
 * the collection itself raised (a sandbox or invariant error of the collector).
 */
export type FinalHeap = { readonly heap: ProgramHeap } | { readonly error: GcfuzzError };

/** The program-heap oracles on an engine's final heap (OracleFailure at op index -1). */
export function checkFinalHeap(f: FinalHeap): void {
  if ('error' in f) throw new OracleFailure(f.error.phase === 'sandbox' ? 'sandbox' : 'invariant', -1, 'the final full collection to complete', f.error.message);
  checkProgramHeap(f.heap);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The heap refs object `r` holds in GC-edge fields (`isGcEdge`; `r` must be a valid object). */
export function gcChildren(heap: GcHeap, types: GcTypeRegistry, r: GcRef): GcRef[] {
  const kind = heap.headerKind(r);
  if (kind === GcKind.ExternRef) return [];
  const t = types.get(heap.headerType(r));
  const out: GcRef[] = [];
  if (t.kind === 'struct') {
    // An exception object is laid out as its tag's struct type `[i32 id, payload...]` (TagInstance).
    const get = kind === GcKind.ExnRef ? (i: number) => heap.exnGet(r, i) : (i: number) => heap.structGet(r, i);
    for (let i = 0; i < t.fields.length; i++) {
      if (!isGcEdge(types, t.fields[i]!.storage)) continue;
      const v = get(i) as number;
      if (isHeapRef(v)) out.push(v);
    }
  } else if (t.kind === 'array' && isGcEdge(types, t.element.storage)) {
    const n = heap.arrayLen(r);
    for (let i = 0; i < n; i++) {
      const v = heap.arrayGet(r, i) as number;
      if (isHeapRef(v)) out.push(v);
    }
  }
  return out;
}

/**
 * The leak and dangling-host-data oracles for Wasm programs, run after a full collection whose
 * only roots were globals, tables, element segments and host handles (no frames are live):
 * - dangling: every object reachable from the roots is a valid object of the heap (a freed or
 *   moved-away object reached through a live ref raises the heap's SandboxError here) and appears
 *   in the heap walk;
 * - dangling-host-data: every reachable externref has a host-data entry, and it is one of the
 *   case's host objects;
 * - leak: no unreachable object survives that the collector promises to reclaim
 *   (`survivingGarbage`, ../collectorPromise.ts), and no host-data
 *   entry survives without a live externref;
 * - invariant: the host-data table's count equals its entries, and the collector's own
 *   integrity checks pass.
 * Throws OracleFailure (op index -1: after the last invocation).
 */
export function checkProgramHeap(p: ProgramHeap): void {
  const { heap, hostData, types } = p;
  const reachable = new Set<GcRef>();
  for (const root of p.roots) {
    if (!isHeapRef(root.ref)) continue;
    const stack: GcRef[] = [root.ref];
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (reachable.has(r)) continue;
      let children: GcRef[];
      try {
        children = gcChildren(heap, types, r);
      } catch (e) {
        if (!(e instanceof GcfuzzError)) throw e;
        throw new OracleFailure('dangling', -1, `a valid object at 0x${r.toString(16)}`, message(e), `reachable from ${root.where} after the final collection`);
      }
      reachable.add(r);
      for (const c of children) if (!reachable.has(c)) stack.push(c);
    }
  }

  for (const r of reachable) {
    if (heap.headerKind(r) !== GcKind.ExternRef) continue;
    const id = heap.externrefHostData(r);
    if (!hostData.has(id)) throw new OracleFailure('dangling-host-data', -1, `a host-data entry ${id}`, 'none', `reachable externref 0x${r.toString(16)}`);
    if (!p.isHostObject(hostData.get(id))) throw new OracleFailure('dangling-host-data', -1, 'one of the case\'s host objects', String(hostData.get(id)), `host-data entry ${id} of reachable externref 0x${r.toString(16)}`);
  }

  const live = new Set<GcRef>();
  heap.forEachObject((r) => void live.add(r));
  for (const r of reachable) {
    if (!live.has(r)) throw new OracleFailure('dangling', -1, `reachable object 0x${r.toString(16)} in the heap walk`, 'missing', 'after the final collection');
  }

  const garbage = [...live].filter((r) => !reachable.has(r));
  const allowed = survivingGarbage(p.reclaims, garbage, (r, visit) => gcChildren(heap, types, r).forEach(visit));
  const leaked = garbage.filter((r) => !allowed.has(r));
  if (leaked.length > 0) {
    throw new OracleFailure('leak', -1, `${reachable.size + allowed.size} live objects (collector reclaims '${p.reclaims}')`, `${live.size}`, `first leaked object 0x${leaked[0]!.toString(16)}`);
  }

  const liveExternIds = new Set<number>();
  for (const r of live) if (heap.headerKind(r) === GcKind.ExternRef) liveExternIds.add(heap.externrefHostData(r));
  let entries = 0;
  for (const [id] of hostData.entries()) {
    entries++;
    if (!liveExternIds.has(id)) throw new OracleFailure('leak', -1, 'no host-data entry without a live externref', `entry ${id}`, 'host-data table after the final collection');
  }
  // The table's own count (what a store reports, and the bystander's fingerprint reads) must agree
  // with its entries: a lost or doubled count is a bookkeeping bug no entry check would see.
  if (hostData.size !== entries) throw new OracleFailure('invariant', -1, `a host-data count of ${entries} (its entries)`, String(hostData.size), 'host-data table after the final collection');
  for (const id of liveExternIds) {
    if (!hostData.has(id)) throw new OracleFailure('dangling-host-data', -1, `host-data entry ${id}`, 'none', 'a live externref lost its host data');
  }

  try {
    heap.verifyIntegrity();
  } catch (e) {
    if (e instanceof InvariantError) throw new OracleFailure('invariant', -1, 'heap integrity', e.message);
    throw e;
  }
}
