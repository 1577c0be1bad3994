import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ExternRefHostDataTable } from '../../../src/runtime/externRefHostDataTable';
import type { GarbageCollection, GcHeap, GcHeapConfig, GcRuntime } from '../../../src/runtime/gcHeap';
import type { GcRootsList } from '../../../src/runtime/gcRootsList';
import { builtinCollectors, type BuiltinCollectorName } from '../../../src/runtime/collectors/builtinCollectors';
import { Store } from '../../../src/runtime/store';
import type { Handle } from '../../../src/runtime/store';
import { EXTERNREF, ANYREF } from '../../../src/wasm/syntax/types';
import { WasmStore } from '../../../src/wasm/execution/wasmStore';
import { hostFunc } from '../../../src/wasm/execution/hostFunc';
import { invokeExport } from '../../../src/wasm/execution/invoke';
import { COLLECTORS, code, fnType, field, func, funcT, load, module, ref, single, structT, type Runtime } from './moduleBuilder';

/** What one collection saw: the Wasm stack roots as [frameDepth, ref] pairs. */
type Seen = [number, number][];

/** Wraps a built-in collector to record the Wasm stack roots of every collection. */
function spying(name: BuiltinCollectorName, log: Seen[]): GcRuntime {
  const inner = builtinCollectors[name];
  return {
    name: `spy-${name}`,
    reclaims: inner.reclaims,
    moving: inner.moving,
    newGcHeap(config: GcHeapConfig): GcHeap {
      const heap = inner.newGcHeap(config);
      const gc = heap.gc.bind(heap);
      heap.gc = (roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection => {
        const seen: Seen = [];
        for (const r of roots) if (r.isOnWasmStack()) seen.push([r.frameDepth, r.get()]);
        log.push(seen);
        return gc(roots, hostData);
      };
      return heap;
    },
  };
}

// outer(v): s = struct.new(v); keep s in a local and on the operand stack; r = middle(v + 1);
//   return s.val * 1000 + r       (reads s after the collection in the innermost call)
// middle(v): t = struct.new(v); r = inner(); return t.val * 10 + r
// inner(): host gc; return 7
const T_S = 0; // struct { val: i32, ext: externref }
const T_OUTER = 1; // [i32, externref] -> [i32]
const T_INNER = 2; // [] -> [i32]
const T_GC = 3; // [] -> []
function nestedModule() {
  return module({
    types: [
      single(structT(field('i32'), field(EXTERNREF))),
      single(funcT(['i32', EXTERNREF], ['i32'])),
      single(funcT([], ['i32'])),
      single(funcT([], [])),
    ],
    imports: [{ module: 'host', name: 'gc', desc: { kind: 'func', typeIndex: T_GC } }],
    funcs: [
      func(T_OUTER, code(`
        local.get 0; local.get 1; struct.new ${T_S}; local.set 2
        local.get 2
        local.get 0; i32.const 1; i32.add; local.get 1; call 2
        local.set 3
        struct.get ${T_S} 0; i32.const 1000; i32.mul; local.get 3; i32.add`), [ref(T_S), 'i32']),
      func(T_OUTER, code(`
        local.get 0; local.get 1; struct.new ${T_S}; local.set 2
        call 3
        local.get 2; struct.get ${T_S} 0; i32.const 10; i32.mul; i32.add`), [ref(T_S)]),
      func(T_INNER, code('call 0; i32.const 7')),
    ],
    exports: [{ name: 'outer', kind: 'func', index: 1 }],
  });
}

test('stack-root provider: a GC in a nested call sees every frame, innermost first, and outer refs survive', () => {
  for (const c of COLLECTORS) {
    const log: Seen[] = [];
    const store = new Store({ collector: spying(c, log) });
    const ws = new WasmStore(store);
    const rt: Runtime = { store, ws };
    const inst = load(rt, nestedModule(), { host: { gc: hostFunc(ws, fnType([], []), () => store.gc()) } });
    const mark = store.enterScope();
    const ext = store.root(store.allocExternref('payload'));
    const result = invokeExport(ws, inst, 'outer', [5, ext]);
    assert.deepEqual(result, [5000 + 60 + 7], c);
    const seen = log[log.length - 1]!;
    // outer: its struct in a local and on the operand stack (depth 2); middle: its struct (depth 1);
    // the externref param of both (depth 2 and 1). inner has no GC slots (depth 0).
    const depths = seen.map(([d]) => d);
    assert.deepEqual([...depths].sort(), [1, 1, 2, 2, 2], c);
    assert.deepEqual(depths, [...depths].sort(), `${c}: innermost frames are reported first`);
    assert.equal(store.hostData.size, 1, `${c}: the externref survived`);
    store.exitScope(mark);
  }
});

test('stack-root provider: the copying collector rewrites frame slots in place', () => {
  const log: Seen[] = [];
  const store = new Store({ collector: spying('copying', log) });
  const ws = new WasmStore(store);
  const rt: Runtime = { store, ws };
  const addrs: number[] = [];
  // outer keeps its struct across inner(), which records the struct's address before and after a GC.
  const m = module({
    types: [
      single(structT(field('i32'))),
      single(funcT([ANYREF], ['i32'])),
      single(funcT([], ['i32'])),
    ],
    imports: [{ module: 'host', name: 'probe', desc: { kind: 'func', typeIndex: 1 } }],
    funcs: [
      func(2, code(`
        i32.const 41; struct.new 0; local.set 0
        local.get 0; call 0; drop
        local.get 0; call 2; drop
        local.get 0; call 0; drop
        local.get 0; struct.get 0 0`), [ref(0)]),
      func(1, code('i32.const 1')),
    ],
    exports: [{ name: 'f', kind: 'func', index: 1 }],
  });
  const probe = hostFunc(ws, fnType([ANYREF], ['i32']), (args) => {
    addrs.push(store.get(args[0] as Handle));
    store.gc();
    return [0];
  });
  const inst = load(rt, m, { host: { probe } });
  assert.deepEqual(invokeExport(ws, inst, 'f', []), [41]);
  assert.equal(addrs.length, 2);
  assert.notEqual(addrs[0], addrs[1], 'the struct moved between the two probes');
  assert.ok(store.collections >= 2);
  // The frame's local was reported at each collection (depth 0 is the host call's Wasm caller).
  for (const seen of log) assert.ok(seen.some(([d]) => d === 0));
});

test('host args are rooted before entering Wasm (CVE-2021-39216): many externref args under zeal', () => {
  for (const c of COLLECTORS) {
    const store = new Store({ collector: builtinCollectors[c], zeal: { gcEveryNAllocs: 1, poison: true, checks: true } });
    const ws = new WasmStore(store);
    const params = [EXTERNREF, EXTERNREF, EXTERNREF, EXTERNREF];
    const m = module({
      types: [single(funcT(params, [EXTERNREF, EXTERNREF]))],
      funcs: [func(0, code('local.get 3; local.get 0'))],
      exports: [{ name: 'f', kind: 'func', index: 0 }],
    });
    const inst = load({ store, ws }, m);
    const mark = store.enterScope();
    const args = ['a', 'b', 'c', 'd'].map((s) => store.root(store.allocExternref(s)));
    const [x, y] = invokeExport(ws, inst, 'f', args) as [Handle, Handle];
    store.gc();
    assert.equal(store.hostData.get(store.heap.externrefHostData(store.get(x))), 'd', c);
    assert.equal(store.hostData.get(store.heap.externrefHostData(store.get(y))), 'a', c);
    store.exitScope(mark);
    store.gc();
    if (c !== 'null') assert.equal(store.hostData.size, 0, `${c}: everything released after the scope`);
  }
});
