import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { refI31 } from '../../src/runtime/gcRef';
import { Store, type Handle } from '../../src/runtime/store';
import { SandboxError } from '../../src/errors/SandboxError';
import { registerTestTypes, type TestTypes } from './testTypes';

interface World {
  store: Store;
  T: TestTypes;
  /** node (field 1 -> extern), extern, refs array (elem 0 -> node), all-types struct. */
  hs: Handle[];
}

/** A store with a few live objects of each kind, externrefs included. */
function populated(collector: GcRuntime): World {
  const store = new Store({ collector, zeal: { poison: true } });
  const T = registerTestTypes(store.types);
  const hs = [
    store.root(store.allocStruct(T.node), true),
    store.root(store.allocExternref({ host: 'A' }), true),
    store.root(store.allocArray(T.refs, 3), true),
    store.root(store.allocStruct(T.all), true),
  ];
  store.heap.structSet(store.hostData, store.get(hs[0]!), 1, store.get(hs[1]!));
  store.heap.arraySet(store.hostData, store.get(hs[2]!), 0, store.get(hs[0]!));
  store.heap.structSet(store.hostData, store.get(hs[3]!), 2, 0x12345678);
  return { store, T, hs };
}

interface Picture {
  bytes: Buffer;
  host: [number, unknown][];
}

function picture(store: Store): Picture {
  return { bytes: Buffer.from(new Uint8Array(store.heap.vmctxGcHeapBase()).slice()), host: [...store.hostData.entries()] };
}

function assertUnchanged(store: Store, before: Picture, what: string): void {
  const now = picture(store);
  assert.ok(now.bytes.equals(before.bytes), `${what}: heap bytes changed`);
  assert.equal(now.host.length, before.host.length, `${what}: host-data table size changed`);
  now.host.forEach(([id, v], i) => {
    assert.equal(id, before.host[i]![0]);
    assert.equal(v, before.host[i]![1], `${what}: host object ${id} replaced`);
  });
}

/** Runs `fn`; only a SandboxError may escape (never RangeError/TypeError/anything else). Returns whether it threw. */
function sandboxed(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (e) {
    assert.ok(e instanceof SandboxError, `expected SandboxError or success, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return true;
  }
}

/**
 * Every heap entry point that takes a ref, applied to `bad`. With `strict`, every object access
 * must raise SandboxError; otherwise stale data from the same heap is allowed too. Barriers may
 * raise SandboxError or, in barrier-free collectors, have no effect on the heap.
 */
function abuseAccessors(w: World, bad: number, strict: boolean): void {
  const heap = w.store.heap;
  const hd = w.store.hostData;
  const valid = w.store.get(w.hs[3]!);
  const access: (() => unknown)[] = [
    () => heap.headerKind(bad),
    () => heap.headerType(bad),
    () => heap.structGet(bad, 0),
    () => heap.structGet(bad, 3),
    () => heap.structSet(hd, bad, 0, 7),
    () => heap.structSet(hd, bad, 1, valid),
    () => heap.structSet(hd, bad, 3, 7n),
    () => heap.arrayLen(bad),
    () => heap.arrayGet(bad, 0),
    () => heap.arraySet(hd, bad, 0, valid),
    () => heap.externrefHostData(bad),
  ];
  for (const op of access) {
    const threw = sandboxed(op);
    if (strict) assert.ok(threw, `expected SandboxError from ${op.toString()}`);
  }
  sandboxed(() => heap.readBarrierToWasm(bad));
  sandboxed(() => heap.cloneGcRef(bad));
  sandboxed(() => heap.exposeGcRefToWasm(bad));
  sandboxed(() => heap.dropGcRef(hd, bad));
  const slots = [0];
  sandboxed(() => heap.writeGcRef(hd, slots, 0, bad));
}

/**
 * A forged ref that reaches a collection, as a root on and off the Wasm stack and as a field.
 * Collectors that trace it (copying: everything; DRC: Wasm stack roots) must refuse it; an i31
 * is a legitimate root value and is skipped.
 */
function abuseCollections(w: World, bad: number): void {
  const { store } = w;
  for (const where of ['root', 'stack', 'field'] as const) {
    const cell = [bad];
    const off = store.addRootProvider((roots) => {
      if (where === 'root') roots.addRoot(cell, 0);
      if (where === 'stack') roots.addWasmStackRoot(cell, 0);
    });
    // DRC refuses the forged field value at the write barrier; the others store it and trip in tracing.
    if (where === 'field') sandboxed(() => store.heap.structSet(store.hostData, store.get(w.hs[3]!), 6, bad));
    const threw = sandboxed(() => store.gc());
    off();
    const traced = (bad & 1) === 0 && (store.collector.moving || (store.collector.reclaims === 'acyclic' && where === 'stack'));
    if (traced) assert.ok(threw, `${store.collector.name} must refuse a forged ${where} during a collection`);
    sandboxed(() => store.heap.structSet(store.hostData, store.get(w.hs[3]!), 6, 0));
    store.heap.verifyIntegrity();
  }
}

const cases: { name: string; strict: boolean; forge: (a: World, other: World) => number }[] = [
  { name: 'out of bounds', strict: true, forge: (a) => a.store.heap.vmctxGcHeapBound() + 64 },
  { name: 'misaligned', strict: true, forge: (a) => a.store.get(a.hs[0]!) + 4 },
  {
    name: 'already freed',
    strict: true,
    forge: (a) => {
      const { store, T } = a;
      if (store.collector.reclaims === 'nothing') {
        // The null collector never frees; a ref from before a reset is its freed ref. One new
        // object keeps the old ref past the bump pointer, in poisoned memory.
        const r = store.get(a.hs[3]!);
        store.reset();
        const h = store.root(store.allocStruct(T.all), true);
        a.hs.splice(0, a.hs.length, h, h, h, h);
        return r;
      }
      const r = store.allocStruct(T.node);
      store.root(store.allocStruct(T.node), true); // keep r's block off the bump region
      store.heap.dropGcRef(store.hostData, r);
      store.gc(); // DRC freed it on drop; copying evacuated everything else
      return r;
    },
  },
  { name: 'i31 used as an object', strict: true, forge: () => refI31(8) },
  { name: 'ref from another heap', strict: false, forge: (_a, other) => other.store.get(other.hs[4]!) },
];

describe('sandbox: forged refs stay inside their heap', () => {
  for (const collector of Object.values(builtinCollectors)) {
    for (const c of cases) {
      test(`${collector.name}: ${c.name}`, () => {
        const a = populated(collector);
        const b = populated(collector);
        // Give B a different layout so its refs land at odd places in A.
        b.store.allocArray(b.T.bytes, 40);
        b.hs.push(b.store.root(b.store.allocStruct(b.T.all), true));
        const bad = c.forge(a, b);
        const bBefore = picture(b.store);
        const aBefore = picture(a.store);
        abuseAccessors(a, bad, c.strict);
        if (c.strict) {
          assertUnchanged(a.store, aBefore, 'the victim store (every access was refused)');
          a.store.heap.verifyIntegrity();
        }
        abuseCollections(a, bad);
        assertUnchanged(b.store, bBefore, 'the other store');
        b.store.heap.verifyIntegrity();
        // The victim heap still works.
        const h = a.store.root(a.store.allocStruct(a.T.node), true);
        a.store.heap.structSet(a.store.hostData, a.store.get(h), 0, 99);
        assert.equal(a.store.heap.structGet(a.store.get(h), 0), 99);
      });
    }
  }
});
