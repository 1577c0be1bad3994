import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { Store, type Handle, type StoreConfig } from '../../src/runtime/store';
import { GcKind } from '../../src/runtime/gcKind';
import { refI31 } from '../../src/runtime/gcRef';
import { registerTestTypes, type TestTypes } from './testTypes';
import { survivingGarbage } from '../../oracles/collectorPromise';

/** One step of a random mutator run. Indices are taken modulo the current handle count. */
export type ModelOp =
  | { t: 'struct'; v: number }
  | { t: 'array'; len: number }
  | { t: 'extern'; tag: number }
  | { t: 'link'; from: number; slot: number; to: number; nullify: boolean }
  | { t: 'i31'; from: number; slot: number; v: number }
  | { t: 'setI32'; at: number; v: number }
  | { t: 'drop'; at: number }
  | { t: 'clone'; at: number }
  | { t: 'push'; at: number }
  | { t: 'pop' }
  | { t: 'gc' };

/** A model object: plain JS, edges are JS references (or an i31 raw value). */
interface MNode {
  readonly kind: 'struct' | 'array' | 'extern';
  i32: number;
  i64: bigint;
  readonly refs: (MNode | number | null)[];
  readonly host: object | null;
}

const idx = fc.nat({ max: 40 });
export const modelOpArb: fc.Arbitrary<ModelOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('struct' as const), v: fc.integer() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('array' as const), len: fc.nat({ max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('extern' as const), tag: fc.nat() }) },
  { weight: 8, arbitrary: fc.record({ t: fc.constant('link' as const), from: idx, slot: idx, to: idx, nullify: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('i31' as const), from: idx, slot: idx, v: fc.integer() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('setI32' as const), at: idx, v: fc.integer() }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('drop' as const), at: idx }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('clone' as const), at: idx }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('push' as const), at: idx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('gc' as const) }) },
);

/**
 * Runs `ops` on a Store and on the plain-JS model side by side, and after every full collection
 * (and at the end, after a final one) checks the collector's promise against the model:
 * 'all' keeps exactly the reachable objects, 'acyclic' keeps the reachable ones plus garbage
 * held by unreachable cycles (`survivingGarbage`, oracles/collectorPromise.ts), 'nothing' keeps everything; the
 * host-data table holds exactly the kept externrefs; every reachable field reads back what was
 * written and every externref yields its very host object.
 */
export function runModel(collector: GcRuntime, ops: readonly ModelOp[], config: Omit<StoreConfig, 'collector'> = {}): void {
  const store = new Store({ collector, ...config });
  const T = registerTestTypes(store.types);
  const heap = store.heap;
  const handles: Handle[] = [];
  const hnodes: MNode[] = [];
  const frame: number[] = [];
  const fnodes: MNode[] = [];
  store.addRootProvider((roots) => {
    for (let i = 0; i < frame.length; i++) roots.addWasmStackRoot(frame, i, 0);
  });
  let allocated: MNode[] = [];
  let retained = new Set<MNode>();
  let checkedCollections = 0;
  store.onGcComplete = () => {
    checkedCollections++;
  };

  const check = (): void => {
    heap.verifyIntegrity();
    const roots = [...hnodes, ...fnodes];
    const reachable = new Set<MNode>();
    const work = [...roots];
    while (work.length > 0) {
      const n = work.pop()!;
      if (reachable.has(n)) continue;
      reachable.add(n);
      for (const c of n.refs) if (c !== null && typeof c !== 'number') work.push(c);
    }
    const garbage = [...retained].filter((n) => !reachable.has(n));
    const expected = new Set([...reachable, ...survivingGarbage(collector.reclaims, garbage, forEachChild)]);
    retained = expected;
    allocated = allocated.filter((n) => expected.has(n));
    let walked = 0;
    heap.forEachObject(() => walked++);
    assert.equal(walked, expected.size, `${collector.name}: heap walk count vs model`);
    assert.equal(heap.stats().objectCount, expected.size, `${collector.name}: objectCount vs model`);
    let externs = 0;
    for (const n of expected) if (n.kind === 'extern') externs++;
    assert.equal(store.hostData.size, externs, `${collector.name}: host-data entries vs live externrefs`);
    readBack(store, T, handles.map((h) => store.get(h)), hnodes, frame, fnodes);
  };

  const nodeAt = (i: number): MNode | undefined => hnodes[i % Math.max(1, hnodes.length)];
  for (const op of ops) {
    switch (op.t) {
      case 'struct': {
        const h = store.root(store.allocStruct(T.node), op.v % 2 === 0);
        heap.structSet(store.hostData, store.get(h), 0, op.v);
        heap.structSet(store.hostData, store.get(h), 3, BigInt(op.v) * 1_000_003n);
        const n: MNode = { kind: 'struct', i32: op.v, i64: BigInt(op.v) * 1_000_003n, refs: [null, null], host: null };
        handles.push(h);
        hnodes.push(n);
        allocated.push(n);
        retained.add(n);
        break;
      }
      case 'array': {
        const h = store.root(store.allocArray(T.refs, op.len));
        const n: MNode = { kind: 'array', i32: 0, i64: 0n, refs: new Array<MNode | null>(op.len).fill(null), host: null };
        handles.push(h);
        hnodes.push(n);
        allocated.push(n);
        retained.add(n);
        break;
      }
      case 'extern': {
        const host = { tag: op.tag };
        const h = store.root(store.allocExternref(host), true);
        const n: MNode = { kind: 'extern', i32: 0, i64: 0n, refs: [], host };
        handles.push(h);
        hnodes.push(n);
        allocated.push(n);
        retained.add(n);
        break;
      }
      case 'link':
      case 'i31': {
        if (hnodes.length === 0) break;
        const fi = op.from % hnodes.length;
        const src = hnodes[fi]!;
        if (src.kind === 'extern' || src.refs.length === 0) break;
        const k = op.slot % src.refs.length;
        let value: number;
        let target: MNode | number | null;
        if (op.t === 'i31') {
          value = refI31(op.v);
          target = value;
        } else if (op.nullify) {
          value = 0;
          target = null;
        } else {
          const ti = op.to % hnodes.length;
          value = store.get(handles[ti]!);
          target = hnodes[ti]!;
        }
        const ref = store.get(handles[fi]!);
        if (src.kind === 'struct') heap.structSet(store.hostData, ref, 1 + k, value);
        else heap.arraySet(store.hostData, ref, k, value);
        src.refs[k] = target;
        break;
      }
      case 'setI32': {
        const n = nodeAt(op.at);
        if (n === undefined || n.kind !== 'struct') break;
        heap.structSet(store.hostData, store.get(handles[op.at % hnodes.length]!), 0, op.v);
        n.i32 = op.v | 0;
        break;
      }
      case 'drop': {
        if (hnodes.length === 0) break;
        const i = op.at % hnodes.length;
        store.drop(handles[i]!);
        handles.splice(i, 1);
        hnodes.splice(i, 1);
        break;
      }
      case 'clone': {
        if (hnodes.length === 0) break;
        const i = op.at % hnodes.length;
        handles.push(store.clone(handles[i]!, true));
        hnodes.push(hnodes[i]!);
        break;
      }
      case 'push': {
        if (hnodes.length === 0) break;
        const i = op.at % hnodes.length;
        const ref = store.get(handles[i]!);
        heap.readBarrierToWasm(ref);
        frame.push(ref);
        fnodes.push(hnodes[i]!);
        break;
      }
      case 'pop':
        frame.pop();
        fnodes.pop();
        break;
      case 'gc':
        store.gc();
        check();
        break;
    }
  }
  store.gc();
  check();
  assert.ok(checkedCollections >= 1);
  // Dropping every root and collecting leaves only what the collector may keep.
  for (const h of handles) store.drop(h);
  handles.length = 0;
  hnodes.length = 0;
  frame.length = 0;
  fnodes.length = 0;
  store.gc();
  check();
  if (collector.reclaims === 'all') {
    assert.equal(heap.stats().objectCount, 0);
    assert.equal(store.hostData.size, 0);
  }
}

function forEachChild(n: MNode, visit: (c: MNode) => void): void {
  for (const c of n.refs) if (c !== null && typeof c !== 'number') visit(c);
}

/** Walks the runtime graph from the roots in step with the model and compares every value. */
function readBack(store: Store, T: TestTypes, hrefs: number[], hnodes: MNode[], frame: number[], fnodes: MNode[]): void {
  const heap = store.heap;
  const refOf = new Map<MNode, number>();
  const nodeOf = new Map<number, MNode>();
  const work: [number, MNode | number | null][] = [];
  hrefs.forEach((r, i) => work.push([r, hnodes[i]!]));
  frame.forEach((r, i) => work.push([r, fnodes[i]!]));
  while (work.length > 0) {
    const [ref, node] = work.pop()!;
    if (node === null) {
      assert.equal(ref, 0, 'null field reads back null');
      continue;
    }
    if (typeof node === 'number') {
      assert.equal(ref, node, 'i31 field reads back its value');
      continue;
    }
    const seenRef = refOf.get(node);
    const seenNode = nodeOf.get(ref);
    if (seenRef !== undefined || seenNode !== undefined) {
      assert.equal(seenRef, ref, 'one model object, one heap object');
      assert.equal(seenNode, node, 'one heap object, one model object');
      continue;
    }
    refOf.set(node, ref);
    nodeOf.set(ref, node);
    if (node.kind === 'extern') {
      assert.equal(heap.headerKind(ref), GcKind.ExternRef);
      assert.equal(store.hostData.get(heap.externrefHostData(ref)), node.host, 'externref host data is the very host object');
    } else if (node.kind === 'struct') {
      assert.equal(heap.headerKind(ref), GcKind.StructRef);
      assert.equal(heap.headerType(ref), T.node);
      assert.equal(heap.structGet(ref, 0), node.i32);
      assert.equal(heap.structGet(ref, 3), node.i64);
      work.push([heap.structGet(ref, 1) as number, node.refs[0]!], [heap.structGet(ref, 2) as number, node.refs[1]!]);
    } else {
      assert.equal(heap.headerKind(ref), GcKind.ArrayRef);
      assert.equal(heap.arrayLen(ref), node.refs.length);
      for (let i = 0; i < node.refs.length; i++) work.push([heap.arrayGet(ref, i) as number, node.refs[i]!]);
    }
  }
}
