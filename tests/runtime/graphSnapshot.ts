import fc from 'fast-check';
import type { Handle, Store } from '../../src/runtime/store';
import type { TestTypes } from './testTypes';

/** A random object graph: nodes, edges between them, and which nodes the host roots. */
export interface GraphSpec {
  nodes: { kind: 'struct' | 'array' | 'extern'; v: number }[];
  edges: [number, number, number][];
  roots: number[];
}

export const graphSpecArb: fc.Arbitrary<GraphSpec> = fc.record({
  nodes: fc.array(fc.record({ kind: fc.constantFrom('struct' as const, 'struct' as const, 'array' as const, 'extern' as const), v: fc.integer() }), { minLength: 1, maxLength: 40 }),
  edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 80 }),
  roots: fc.array(fc.nat(), { maxLength: 8 }),
});

/** Allocates `spec` in `store`; returns handles to the rooted nodes (all other handles dropped). */
export function buildGraph(store: Store, T: TestTypes, spec: GraphSpec): Handle[] {
  const heap = store.heap;
  const hs = spec.nodes.map((n) => {
    if (n.kind === 'extern') return store.root(store.allocExternref({ v: n.v }), true);
    if (n.kind === 'array') return store.root(store.allocArray(T.refs, Math.abs(n.v) % 4), true);
    const h = store.root(store.allocStruct(T.node), true);
    heap.structSet(store.hostData, store.get(h), 0, n.v);
    heap.structSet(store.hostData, store.get(h), 3, BigInt(n.v) << 20n);
    return h;
  });
  for (const [f, s, t] of spec.edges) {
    const from = f % hs.length;
    const kind = spec.nodes[from]!.kind;
    const target = store.get(hs[t % hs.length]!);
    if (kind === 'struct') heap.structSet(store.hostData, store.get(hs[from]!), 1 + (s % 2), target);
    else if (kind === 'array') {
      const len = heap.arrayLen(store.get(hs[from]!));
      if (len > 0) heap.arraySet(store.hostData, store.get(hs[from]!), s % len, target);
    }
  }
  const rooted = new Set(spec.roots.map((r) => r % hs.length));
  const out: Handle[] = [];
  hs.forEach((h, i) => (rooted.has(i) ? out.push(h) : store.drop(h)));
  return out;
}

/**
 * A collector-independent picture of what the mutator can observe: the graph reachable from
 * `handles` with objects numbered in visit order (so moved addresses do not matter), field
 * values, host objects, plus the heap's object count and the host-data table's values.
 */
export function snapshot(store: Store, handles: readonly Handle[]): unknown {
  const heap = store.heap;
  const ids = new Map<number, number>();
  const objects: unknown[] = [];
  const visit = (ref: number): unknown => {
    if (ref === 0) return null;
    if ((ref & 1) === 1) return { i31: ref };
    const known = ids.get(ref);
    if (known !== undefined) return { id: known };
    const id = ids.size;
    ids.set(ref, id);
    const kind = heap.headerKind(ref);
    const entry: Record<string, unknown> = { id, kind };
    objects.push(entry);
    try {
      entry['host'] = store.hostData.get(heap.externrefHostData(ref));
      return { id };
    } catch {
      // not an externref
    }
    try {
      const len = heap.arrayLen(ref);
      entry['elems'] = Array.from({ length: len }, (_, i) => visit(heap.arrayGet(ref, i) as number));
      return { id };
    } catch {
      // not an array
    }
    entry['i32'] = heap.structGet(ref, 0);
    entry['i64'] = String(heap.structGet(ref, 3));
    entry['f1'] = visit(heap.structGet(ref, 1) as number);
    entry['f2'] = visit(heap.structGet(ref, 2) as number);
    return { id };
  };
  const roots = handles.map((h) => visit(store.get(h)));
  return { roots, objects, objectCount: heap.stats().objectCount, host: [...store.hostData.entries()].map(([, v]) => v) };
}
