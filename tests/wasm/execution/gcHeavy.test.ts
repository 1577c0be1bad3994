import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Handle } from '../../../src/runtime/store';
import { EXTERNREF, ANYREF } from '../../../src/wasm/syntax/types';
import { hostFunc, type HostValue } from '../../../src/wasm/execution/hostFunc';
import { invokeExport } from '../../../src/wasm/execution/invoke';
import type { Module } from '../../../src/wasm/syntax/module';
import { COLLECTORS, code, fnType, field, func, funcT, load, module, ref, runtime, single, structT, arrayT } from './moduleBuilder';

/**
 * A GC-heavy program: linked lists of structs built in loops, held in locals and on the operand
 * stack of several frames at once, in a global, a table and an array, with host imports that run
 * full and incremental collections in the middle. Run on every built-in collector; results and
 * surviving host data must agree, collections must really happen, and under the copying
 * collector the objects must move while every frame still sees its own list.
 */
const T_NODE = 0; // struct { val: mut i32, next: mut (ref null 0), ext: mut externref }
const T_VOID = 1; // [] -> []
const T_MAKE = 2; // [i32] -> [externref]
const T_ADDR = 3; // [anyref] -> [i32]
const T_BUILD = 4; // [i32 n, i32 withExt] -> [(ref null 0)]
const T_SUM = 5; // [(ref null 0)] -> [i32]
const T_NESTED = 6; // [i32 depth, i32 n] -> [i32]
const T_MAIN = 7; // [] -> [i32]
const T_ARR = 8; // array (mut (ref null 0))

const F_GC = 0;
const F_GC_INC = 1;
const F_MAKE = 2;
const F_ADDR = 3;
const F_BUILD = 4;
const F_SUM = 5;
const F_NESTED = 6;

const NODE = ref(T_NODE);

function gcHeavyModule(): Module {
  const build = code(`
    block
      loop
        local.get 2; local.get 0; i32.ge_s; br_if 1
        local.get 2                                  # val
        local.get 3                                  # next
        local.get 1; local.get 2; i32.const 7; i32.rem_u; i32.eqz; i32.and
        if refnull:extern
          local.get 2; call ${F_MAKE}
        else
          ref.null extern
        end
        struct.new ${T_NODE}
        local.set 3
        local.get 2; i32.const 63; i32.and; i32.eqz
        if
          call ${F_GC}
        end
        local.get 2; i32.const 1; i32.add; local.set 2
        br 0
      end
    end
    local.get 3`);
  const sum = code(`
    block
      loop
        local.get 0; ref.is_null; br_if 1
        local.get 1; local.get 0; struct.get ${T_NODE} 0; i32.add; local.set 1
        local.get 0; struct.get ${T_NODE} 1; local.set 0
        br 0
      end
    end
    local.get 1`);
  // Each level keeps its list in a local AND on its operand stack across the recursive call.
  const nested = code(`
    local.get 1; i32.const 0; call ${F_BUILD}; local.set 2
    local.get 2
    local.get 0; i32.eqz
    if i32
      local.get 2; call ${F_ADDR}; local.set 4
      call ${F_GC}
      i32.const 2000; i32.const 0; call ${F_BUILD}; drop
      call ${F_GC_INC}
      local.get 2; call ${F_ADDR}; local.get 4; i32.ne; global.set 1
      i32.const 0
    else
      local.get 0; i32.const 1; i32.sub; local.get 1; call ${F_NESTED}
    end
    local.set 3
    call ${F_SUM}
    local.get 3; i32.add`);
  const main = code(`
    i32.const 100; i32.const 1; call ${F_BUILD}; global.set 0
    i32.const 0; i32.const 50; i32.const 1; call ${F_BUILD}; table.set 0
    ref.null ${T_NODE}; i32.const 3; array.new ${T_ARR}; local.set 0
    local.get 0; i32.const 1; i32.const 30; i32.const 1; call ${F_BUILD}; array.set ${T_ARR}
    i32.const 5; i32.const 40; call ${F_NESTED}
    global.get 0; call ${F_SUM}; i32.add
    i32.const 0; table.get 0; call ${F_SUM}; i32.add
    local.get 0; i32.const 1; array.get ${T_ARR}; call ${F_SUM}; i32.add
    local.get 0; global.set 2`);
  return module({
    types: [
      single(structT(field('i32'), field(NODE), field(EXTERNREF))),
      single(funcT([], [])),
      single(funcT(['i32'], [EXTERNREF])),
      single(funcT([ANYREF], ['i32'])),
      single(funcT(['i32', 'i32'], [NODE])),
      single(funcT([NODE], ['i32'])),
      single(funcT(['i32', 'i32'], ['i32'])),
      single(funcT([], ['i32'])),
      single(arrayT(field(NODE))),
    ],
    imports: [
      { module: 'host', name: 'gc', desc: { kind: 'func', typeIndex: T_VOID } },
      { module: 'host', name: 'gc_inc', desc: { kind: 'func', typeIndex: T_VOID } },
      { module: 'host', name: 'make_extern', desc: { kind: 'func', typeIndex: T_MAKE } },
      { module: 'host', name: 'addr', desc: { kind: 'func', typeIndex: T_ADDR } },
    ],
    funcs: [
      func(T_BUILD, build, ['i32', NODE]),
      func(T_SUM, sum, ['i32']),
      func(T_NESTED, nested, [NODE, 'i32', 'i32']),
      func(T_MAIN, main, [ref(T_ARR)]),
    ],
    tables: [{ type: { limits: { min: 4 }, element: NODE } }],
    globals: [
      { type: { type: NODE, mutable: true }, init: code(`ref.null ${T_NODE}`) },
      { type: { type: 'i32', mutable: true }, init: code('i32.const -1') },
      { type: { type: ref(T_ARR), mutable: true }, init: code(`ref.null ${T_ARR}`) },
    ],
    exports: [
      { name: 'main', kind: 'func', index: 7 },
      { name: 'moved', kind: 'global', index: 1 },
    ],
  });
}

const sumTo = (n: number): number => (n * (n - 1)) / 2;
const EXPECTED = sumTo(100) + sumTo(50) + sumTo(30) + 6 * sumTo(40);

interface RunResult {
  readonly result: number;
  readonly moved: number;
  readonly hostValues: string[];
  readonly collections: number;
  readonly gcCalls: number;
}

function run(collector: (typeof COLLECTORS)[number]): RunResult {
  const rt = runtime(collector, { initialHeapBytes: 16 * 1024, incrementBudget: 8 });
  const { store, ws } = rt;
  let made = 0;
  let gcCalls = 0;
  const host = {
    gc: hostFunc(ws, fnType([], []), () => {
      gcCalls++;
      store.gc();
    }, { name: 'gc' }),
    gc_inc: hostFunc(ws, fnType([], []), () => {
      gcCalls++;
      const g = store.startGc();
      let slices = 0;
      while (g.collectIncrement() !== 'complete') slices++;
      assert.ok(slices >= 0);
    }, { name: 'gc_inc' }),
    make_extern: hostFunc(ws, fnType(['i32'], [EXTERNREF]), (args) => [store.root(store.allocExternref(`ext#${made++}:${args[0] as number}`))], { name: 'make_extern' }),
    addr: hostFunc(ws, fnType([ANYREF], ['i32']), (args) => [store.get(args[0] as Handle) | 0], { name: 'addr' }),
  };
  const inst = load(rt, gcHeavyModule(), { host });
  const mark = store.enterScope();
  let results: HostValue[];
  try {
    results = invokeExport(ws, inst, 'main', []);
  } finally {
    store.exitScope(mark);
  }
  store.gc();
  store.heap.verifyIntegrity();
  const moved = inst.getExport('moved');
  assert.ok(moved !== undefined && moved.externKind === 'global');
  const hostValues = [...store.hostData.entries()].map(([, v]) => String(v)).sort();
  return { result: results[0] as number, moved: moved.cell[0]!, hostValues, collections: store.collections, gcCalls };
}

test('GC-heavy module: same results and host data on every collector, with collections and moves', () => {
  const runs = new Map(COLLECTORS.map((c) => [c, run(c)]));
  const ref0 = runs.get('drc')!;
  assert.equal(ref0.result, EXPECTED);
  // 15 + 8 + 5 externrefs are made by the lists that stay reachable (global, table, array).
  assert.equal(ref0.hostValues.length, 28);
  for (const [c, r] of runs) {
    assert.equal(r.result, EXPECTED, `${c}: result`);
    assert.deepEqual(r.hostValues, ref0.hostValues, `${c}: host-data table contents`);
    assert.ok(r.collections > 0, `${c}: collections happened`);
    assert.ok(r.gcCalls > 10, `${c}: host gc imports ran`);
  }
  assert.equal(runs.get('copying')!.moved, 1, 'copying: the bottom frame saw its list move');
  assert.equal(runs.get('drc')!.moved, 0, 'drc: objects never move');
  assert.equal(runs.get('null')!.moved, 0, 'null: objects never move');
});

test('GC-heavy module under zeal (collect at every allocation) on every collector', () => {
  for (const c of COLLECTORS) {
    const rt = runtime(c, { zeal: { gcEveryNAllocs: 1, poison: true, checks: true } });
    const noop = hostFunc(rt.ws, fnType([], []), () => undefined);
    const inst = load(rt, gcHeavyModule(), {
      host: {
        gc: noop,
        gc_inc: noop,
        make_extern: hostFunc(rt.ws, fnType(['i32'], [EXTERNREF]), (a) => [rt.store.root(rt.store.allocExternref(a[0]))]),
        addr: hostFunc(rt.ws, fnType([ANYREF], ['i32']), (a) => [rt.store.get(a[0] as Handle) | 0]),
      },
    });
    const mark = rt.store.enterScope();
    try {
      assert.deepEqual(invokeExport(rt.ws, inst, 'main', []), [EXPECTED], c);
    } finally {
      rt.store.exitScope(mark);
    }
    assert.ok(rt.store.collections > 1000, `${c}: zeal collected`);
  }
});
