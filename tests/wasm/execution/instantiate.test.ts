import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LinkError } from '../../../src/errors/LinkError';
import { Trap } from '../../../src/errors/Trap';
import { EXTERNREF, FUNCREF } from '../../../src/wasm/syntax/types';
import { GlobalInstance } from '../../../src/wasm/execution/globalInstance';
import { hostFunc } from '../../../src/wasm/execution/hostFunc';
import { invokeExport } from '../../../src/wasm/execution/invoke';
import type { TableInstance } from '../../../src/wasm/execution/tableInstance';
import { ValKind } from '../../../src/wasm/execution/valKind';
import type { ModuleInstance } from '../../../src/wasm/execution/moduleInstance';
import { COLLECTORS, code, field, fnType, func, funcT, load, module, ref, runtime, single, structT } from './moduleBuilder';

function linkError(fn: () => unknown, prefix: string): void {
  assert.throws(fn, (e: unknown) => e instanceof LinkError && e.message.startsWith(prefix));
}

test('import resolution: unknown imports and incompatible types are LinkErrors', () => {
  const rt = runtime('drc');
  const { ws } = rt;
  const f = hostFunc(ws, fnType(['i32'], []), () => undefined);
  const importFunc = (typeIndex: number) => module({
    types: [single(funcT(['i32'], [])), single(funcT(['i64'], []))],
    imports: [{ module: 'm', name: 'f', desc: { kind: 'func', typeIndex } }],
  });
  load(rt, importFunc(0), { m: { f } });
  linkError(() => load(rt, importFunc(0), {}), 'unknown import');
  linkError(() => load(rt, importFunc(0), { m: {} }), 'unknown import');
  linkError(() => load(rt, importFunc(1), { m: { f } }), 'incompatible import type');
  const g = new GlobalInstance({ type: 'i32', mutable: false }, ValKind.I32);
  linkError(() => load(rt, importFunc(0), { m: { f: g } }), 'incompatible import type');
  const importGlobal = (mutable: boolean) => module({ imports: [{ module: 'm', name: 'g', desc: { kind: 'global', type: { type: 'i32', mutable } } }] });
  load(rt, importGlobal(false), { m: { g } });
  linkError(() => load(rt, importGlobal(true), { m: { g } }), 'incompatible import type');
  const exporter = load(rt, module({ tables: [{ type: { limits: { min: 2, max: 5 }, element: FUNCREF } }], exports: [{ name: 't', kind: 'table', index: 0 }] }));
  const importTable = (min: number, max: number | undefined, element = FUNCREF) =>
    module({ imports: [{ module: 'm', name: 't', desc: { kind: 'table', type: { limits: { min, ...(max !== undefined ? { max } : {}) }, element } } }] });
  load(rt, importTable(1, 5), { m: exporter.exports });
  load(rt, importTable(2, undefined), { m: exporter.exports });
  linkError(() => load(rt, importTable(3, undefined), { m: exporter.exports }), 'incompatible import type');
  linkError(() => load(rt, importTable(1, 4), { m: exporter.exports }), 'incompatible import type');
  linkError(() => load(rt, importTable(1, 5, EXTERNREF), { m: exporter.exports }), 'incompatible import type');
});

test('a function exported by one module matches a structurally equal type of another (canonical ids)', () => {
  const rt = runtime('drc');
  const a = load(rt, module({
    types: [single(funcT(['i32'], ['i32']))],
    funcs: [func(0, code('local.get 0; i32.const 1; i32.add'))],
    tables: [{ type: { limits: { min: 1 }, element: FUNCREF } }],
    elems: [{ type: FUNCREF, init: [code('ref.func 0')], mode: { kind: 'active', table: 0, offset: code('i32.const 0') } }],
    exports: [{ name: 'inc', kind: 'func', index: 0 }, { name: 't', kind: 'table', index: 0 }],
  }));
  const b = load(rt, module({
    types: [single(funcT(['i64'], [])), single(funcT(['i32'], ['i32']))],
    imports: [
      { module: 'a', name: 'inc', desc: { kind: 'func', typeIndex: 1 } },
      { module: 'a', name: 't', desc: { kind: 'table', type: { limits: { min: 1 }, element: FUNCREF } } },
    ],
    funcs: [func(1, code('local.get 0; call 0; local.get 0; i32.const 0; call_indirect 1 0; i32.add'))],
    exports: [{ name: 'f', kind: 'func', index: 1 }],
  }), { a: a.exports });
  assert.deepEqual(invokeExport(rt.ws, b, 'f', [10]), [22]);
});

const T_BOX = 0; // struct { ext: externref }
function boxHolderModule(extra: Partial<Parameters<typeof module>[0]>) {
  return module({
    types: [single(structT(field(EXTERNREF, false))), single(funcT([], [])), single(funcT([], ['i32']))],
    imports: [
      { module: 'h', name: 'ext', desc: { kind: 'global', type: { type: EXTERNREF, mutable: false } } },
      { module: 'h', name: 't', desc: { kind: 'table', type: { limits: { min: 2 }, element: ref('any') } } },
    ],
    ...extra,
  });
}

function hostWorld(c: (typeof COLLECTORS)[number]) {
  const rt = runtime(c, { zeal: { gcEveryNAllocs: 1, poison: true, checks: true } });
  const { store, ws } = rt;
  const g = new GlobalInstance({ type: EXTERNREF, mutable: false }, ValKind.GcRef);
  ws.addGcGlobal(g);
  const mark = store.enterScope();
  const h = store.root(store.allocExternref('the-host-object'));
  store.heap.writeGcRef(store.hostData, g.cell, 0, store.get(h));
  store.exitScope(mark);
  const tableOwner = load(rt, module({ tables: [{ type: { limits: { min: 2 }, element: ref('any') } }], exports: [{ name: 't', kind: 'table', index: 0 }] }));
  const t = tableOwner.getExport('t') as TableInstance;
  return { rt, store, ws, g, t, imports: { h: { ext: g, t } } };
}

test('failed instantiation keeps what it initialised and drops nothing uninitialised (CVE-2022-23636)', () => {
  for (const c of COLLECTORS) {
    const { rt, store, g, t, imports } = hostWorld(c);
    // Globals allocate boxes of the host object; the first active segment writes one into the
    // imported table; the second is out of bounds and traps.
    const m = boxHolderModule({
      globals: [
        { type: { type: ref(T_BOX), mutable: false }, init: code(`global.get 0; struct.new ${T_BOX}`) },
        { type: { type: EXTERNREF, mutable: true }, init: code('global.get 0') },
      ],
      elems: [
        { type: ref('any'), init: [code(`global.get 0; struct.new ${T_BOX}`)], mode: { kind: 'active', table: 0, offset: code('i32.const 1') } },
        { type: ref('any'), init: [code('ref.null any')], mode: { kind: 'active', table: 0, offset: code('i32.const 2') } },
      ],
    });
    assert.throws(() => load(rt, m, imports), (e: unknown) => e instanceof Trap && e.message === 'out of bounds table access', c);
    assert.notEqual(t.elems[1], 0, `${c}: the first segment's write stays`);
    store.gc();
    store.heap.verifyIntegrity();
    assert.equal(store.hostData.size, 1, `${c}: the host object is alive, exactly once`);
    // The imported table's box still points at it.
    assert.equal(store.heap.headerKind(store.heap.structGet(t.elems[1]!, 0) as number), store.heap.headerKind(g.cell[0]!));
  }
});

test('passive element segments hold counted, rooted refs until elem.drop (#13066)', () => {
  for (const c of COLLECTORS) {
    const { rt, store, ws, g, imports } = hostWorld(c);
    const m = boxHolderModule({
      funcs: [func(1, code('elem.drop 0')), func(2, code('i32.const 0; i32.const 0; i32.const 1; table.init 0 0; i32.const 0; table.get 0; ref.is_null'))],
      elems: [{ type: ref(T_BOX), init: [code(`global.get 0; struct.new ${T_BOX}`)], mode: { kind: 'passive' } }],
      exports: [{ name: 'drop', kind: 'func', index: 0 }, { name: 'copy', kind: 'func', index: 1 }],
    });
    const inst: ModuleInstance = load(rt, m, imports);
    // Only the segment keeps the box alive now (the host global holds the externref itself).
    store.heap.writeGcRef(store.hostData, g.cell, 0, 0);
    store.gc();
    assert.equal(store.hostData.size, 1, `${c}: kept alive by the passive segment`);
    invokeExport(ws, inst, 'drop', []);
    store.gc();
    if (c !== 'null') assert.equal(store.hostData.size, 0, `${c}: released by elem.drop`);
    assert.throws(() => invokeExport(ws, inst, 'copy', []), (e: unknown) => e instanceof Trap && e.message === 'out of bounds table access');
  }
});

test('table.fill with null releases the old elements through the write barrier (#14325)', () => {
  for (const c of COLLECTORS) {
    const { rt, store, ws, g, t, imports } = hostWorld(c);
    const m = boxHolderModule({
      funcs: [
        func(1, code(`i32.const 0; global.get 0; struct.new ${T_BOX}; i32.const 2; table.fill 0`)),
        func(1, code('i32.const 0; ref.null any; i32.const 2; table.fill 0')),
      ],
      exports: [{ name: 'fill', kind: 'func', index: 0 }, { name: 'clear', kind: 'func', index: 1 }],
    });
    const inst = load(rt, m, imports);
    invokeExport(ws, inst, 'fill', []);
    store.heap.writeGcRef(store.hostData, g.cell, 0, 0);
    store.gc();
    assert.equal(store.hostData.size, 1, `${c}: held by the table`);
    assert.equal(t.elems[0], t.elems[1], `${c}: one box in both slots`);
    invokeExport(ws, inst, 'clear', []);
    store.gc();
    store.heap.verifyIntegrity();
    if (c !== 'null') assert.equal(store.hostData.size, 0, `${c}: released by table.fill null`);
  }
});

test('tables with initialisers, table.grow with a GC init value, and a start function', () => {
  for (const c of COLLECTORS) {
    const rt = runtime(c);
    const { store, ws } = rt;
    const h = hostFunc(ws, fnType([], []), () => store.gc());
    const m = module({
      types: [single(structT(field('i32', false))), single(funcT([], [])), single(funcT([], ['i32']))],
      imports: [{ module: 'h', name: 'gc', desc: { kind: 'func', typeIndex: 1 } }],
      tables: [{ type: { limits: { min: 3 }, element: ref(0, false) }, init: code('i32.const 9; struct.new 0') }],
      funcs: [
        func(1, code('i32.const 4; struct.new 0; i32.const 2; table.grow 0; drop; call 0')),
        func(2, code('i32.const 4; table.get 0; struct.get 0 0; i32.const 0; table.get 0; struct.get 0 0; i32.add; table.size 0; i32.add')),
      ],
      start: 1,
      exports: [{ name: 'f', kind: 'func', index: 2 }],
    });
    const inst = load(rt, m, { h: { gc: h } });
    assert.deepEqual(invokeExport(ws, inst, 'f', []), [4 + 9 + 5], c);
    assert.ok(store.collections > 0);
  }
});
