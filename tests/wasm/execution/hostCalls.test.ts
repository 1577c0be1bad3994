import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Trap } from '../../../src/errors/Trap';
import { InvariantError } from '../../../src/errors/InvariantError';
import type { Handle } from '../../../src/runtime/store';
import { ANYREF, EXTERNREF, FUNCREF } from '../../../src/wasm/syntax/types';
import { FuncInstance } from '../../../src/wasm/execution/funcInstance';
import { hostFunc, type HostValue } from '../../../src/wasm/execution/hostFunc';
import { invoke, invokeExport } from '../../../src/wasm/execution/invoke';
import { COLLECTORS, code, field, fnType, func, funcT, load, module, ref, runtime, single, structT } from './moduleBuilder';

test('host values of every kind cross the boundary both ways', () => {
  for (const c of COLLECTORS) {
    const rt = runtime(c);
    const { store, ws } = rt;
    const seen: HostValue[][] = [];
    const params = ['i32' as const, 'i64' as const, 'f32' as const, 'f64' as const, FUNCREF, EXTERNREF, ANYREF];
    const echo = hostFunc(ws, fnType(params, params), (args) => {
      seen.push(args.slice());
      return args;
    }, { name: 'echo' });
    const m = module({
      types: [single(funcT(params, params))],
      imports: [{ module: 'h', name: 'echo', desc: { kind: 'func', typeIndex: 0 } }],
      funcs: [func(0, code('local.get 0; local.get 1; local.get 2; local.get 3; local.get 4; local.get 5; local.get 6; call 0'))],
      exports: [{ name: 'f', kind: 'func', index: 1 }],
    });
    const inst = load(rt, m, { h: { echo } });
    const mark = store.enterScope();
    const ext = store.root(store.allocExternref({ tag: 'x' }));
    const i31 = store.root(0x2b); // an i31ref handle: (21 << 1) | 1
    const nanBits = new Float64Array(new BigInt64Array([0x7ff0000000000004n]).buffer)[0]!;
    const args: HostValue[] = new Array<HostValue>(7).fill(null);
    args.splice(0, 7, -5, -(2n ** 63n), 0xff800001, nanBits, echo, ext, i31);
    const out = invokeExport(ws, inst, 'f', args);
    assert.equal(out[0], -5);
    assert.equal(out[1], -(2n ** 63n));
    assert.equal(out[2], 0xff800001, 'f32 bits kept (a signalling NaN)');
    const f64 = new Float64Array(1);
    f64[0] = out[3] as number; // (an array literal would be a double array, which quietens the NaN)
    assert.equal(new BigInt64Array(f64.buffer)[0], 0x7ff0000000000004n, `${c}: f64 NaN payload kept`);
    assert.ok(out[4] instanceof FuncInstance && out[4] === echo);
    assert.equal(store.hostData.get(store.heap.externrefHostData(store.get(out[5] as Handle))), store.hostData.get(store.heap.externrefHostData(store.get(ext))));
    assert.equal(store.get(out[6] as Handle), 0x2b);
    assert.equal(seen.length, 1);
    store.exitScope(mark);
  }
});

test('re-entrant calls: host -> Wasm -> host -> Wasm with collections at the innermost level', () => {
  for (const c of COLLECTORS) {
    const rt = runtime(c, { zeal: { gcEveryNAllocs: 3, poison: true, checks: true } });
    const { store, ws } = rt;
    let inst: ReturnType<typeof load> | null = null;
    // down(n): s = struct(n); r = (n == 0) ? 0 : host_down(n - 1); return s.val + r
    const hostDown = hostFunc(ws, fnType(['i32'], ['i32']), (args) => {
      store.gc();
      return [invokeExport(ws, inst!, 'down', [args[0]!])[0]!];
    }, { name: 'host_down' });
    const m = module({
      types: [single(structT(field('i32'))), single(funcT(['i32'], ['i32']))],
      imports: [{ module: 'h', name: 'down', desc: { kind: 'func', typeIndex: 1 } }],
      funcs: [func(1, code(`
        local.get 0; struct.new 0; local.set 1
        local.get 0; i32.eqz
        if i32
          i32.const 0
        else
          local.get 0; i32.const 1; i32.sub; call 0
        end
        local.get 1; struct.get 0 0; i32.add`), [ref(0)])],
      exports: [{ name: 'down', kind: 'func', index: 1 }],
    });
    inst = load(rt, m, { h: { down: hostDown } });
    assert.deepEqual(invokeExport(ws, inst, 'down', [20]), [210], c);
    assert.equal(ws.thread.depth, 0);
  }
});

test('a host trap or exception unwinds Wasm; scopes stay balanced; wrong result counts are caught', () => {
  const rt = runtime('copying');
  const { store, ws } = rt;
  const boom = hostFunc(ws, fnType([ANYREF], []), () => {
    throw new Trap('host', 'host said no');
  });
  const bad = hostFunc(ws, fnType([], ['i32']), () => []);
  const m = module({
    types: [single(funcT([ANYREF], [])), single(funcT([], ['i32'])), single(funcT([], []))],
    imports: [
      { module: 'h', name: 'boom', desc: { kind: 'func', typeIndex: 0 } },
      { module: 'h', name: 'bad', desc: { kind: 'func', typeIndex: 1 } },
    ],
    funcs: [func(2, code('i32.const 1; ref.i31; call 0')), func(1, code('call 1'))],
    exports: [{ name: 'boom', kind: 'func', index: 2 }, { name: 'bad', kind: 'func', index: 3 }],
  });
  const inst = load(rt, m, { h: { boom, bad } });
  const mark = store.enterScope();
  assert.throws(() => invokeExport(ws, inst, 'boom', []), (e: unknown) => e instanceof Trap && e.message === 'host said no');
  assert.throws(() => invokeExport(ws, inst, 'bad', []), InvariantError);
  store.exitScope(mark); // throws if a host-call scope had been left open
  assert.equal(ws.thread.depth, 0);
  // A host function invoked directly.
  assert.deepEqual(invoke(ws, hostFunc(ws, fnType(['i32'], ['i32']), (a) => [(a[0] as number) * 2]), [21]), [42]);
});

test('host results that are fresh externrefs survive until used (rooted while entering Wasm)', () => {
  for (const c of COLLECTORS) {
    const rt = runtime(c, { zeal: { gcEveryNAllocs: 1, poison: true, checks: true } });
    const { store, ws } = rt;
    let n = 0;
    const make = hostFunc(ws, fnType([], [EXTERNREF, EXTERNREF]), () => [store.root(store.allocExternref(`a${n++}`)), store.root(store.allocExternref(`b${n++}`))]);
    const id = hostFunc(ws, fnType([EXTERNREF], ['i32']), (a) => [Number(String(store.hostData.get(store.heap.externrefHostData(store.get(a[0] as Handle)))).slice(1))]);
    const m = module({
      types: [single(funcT([], [EXTERNREF, EXTERNREF])), single(funcT([EXTERNREF], ['i32'])), single(funcT([], ['i32']))],
      imports: [
        { module: 'h', name: 'make', desc: { kind: 'func', typeIndex: 0 } },
        { module: 'h', name: 'id', desc: { kind: 'func', typeIndex: 1 } },
      ],
      funcs: [func(2, code(`
        call 0; local.set 0           # [a0], local = b1
        call 0; drop; drop            # a2 and b3 are garbage at once
        call 1                        # id(a0) = 0
        local.get 0; call 1           # id(b1) = 1
        i32.const 10; i32.mul; i32.add`), [EXTERNREF])],
      exports: [{ name: 'f', kind: 'func', index: 2 }],
    });
    const inst = load(rt, m, { h: { make, id } });
    assert.deepEqual(invokeExport(ws, inst, 'f', []), [10], c);
    store.gc();
    if (c !== 'null') assert.equal(store.hostData.size, 0, `${c}: all four released`);
  }
});

test('unbounded host re-entrancy is a call-stack-exhaustion trap, not a JS stack overflow', () => {
  const rt = runtime('drc', {}, { maxReentry: 50 });
  const { ws } = rt;
  let inst: ReturnType<typeof load> | null = null;
  let deepest = 0;
  const again = hostFunc(ws, fnType(['i32'], ['i32']), (a) => {
    deepest = a[0] as number;
    return invokeExport(ws, inst!, 'f', [a[0]!]);
  });
  const m = module({
    types: [single(funcT(['i32'], ['i32']))],
    imports: [{ module: 'h', name: 'again', desc: { kind: 'func', typeIndex: 0 } }],
    funcs: [func(0, code('local.get 0; i32.const 1; i32.add; call 0'))],
    exports: [{ name: 'f', kind: 'func', index: 1 }],
  });
  inst = load(rt, m, { h: { again } });
  assert.throws(() => invokeExport(ws, inst!, 'f', [0]), (e: unknown) => e instanceof Trap && e.kind === 'call stack exhausted');
  assert.equal(deepest, 50);
  assert.equal(ws.thread.depth, 0);
});
