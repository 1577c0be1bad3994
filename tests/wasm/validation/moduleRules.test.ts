/** Module-level validation (spec 3.4): index spaces, limits, constant expressions, segments, exports, start. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { ValidationError } from '../../../src/errors/ValidationError';
import type { Instr } from '../../../src/wasm/syntax/instructions';
import type { Global, Module } from '../../../src/wasm/syntax/module';
import type { ValType } from '../../../src/wasm/syntax/types';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { field, func, funcT, ins, module, ref, single, structT } from './moduleBuilder';

function ok(m: Module): ReturnType<typeof validateModule> {
  return validateModule(m, new GcTypeRegistry());
}
function bad(m: Module, reason: string): void {
  assert.throws(
    () => validateModule(m, new GcTypeRegistry()),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError, `not a ValidationError: ${String(e)}`);
      assert.ok(e.reason.startsWith(reason), `reason "${e.reason}" (${e.where}) should start with "${reason}"`);
      return true;
    },
  );
}
const i32c = (v = 0): Instr => ins('i32.const', v);
const global = (type: ValType, init: Instr[], mutable = false): Global => ({ type: { type, mutable }, init });
const importGlobal = (type: ValType, mutable = false) => ({ module: 'm', name: 'g', desc: { kind: 'global' as const, type: { type, mutable } } });

test('limits: tables up to 2^32-1, memories up to 65536 pages, min <= max', () => {
  ok(module({ tables: [{ type: { limits: { min: 0xffff_ffff }, element: ref('func') } }] }));
  bad(module({ tables: [{ type: { limits: { min: 2 ** 32 }, element: ref('func') } }] }), 'table size');
  bad(module({ tables: [{ type: { limits: { min: 2, max: 1 }, element: ref('func') } }] }), 'size minimum must not be greater than maximum');
  ok(module({ mems: [{ limits: { min: 0, max: 65536 } }] }));
  bad(module({ mems: [{ limits: { min: 65537 } }] }), 'memory size must be at most 65536 pages (4GiB)');
  bad(module({ mems: [{ limits: { min: 1, max: 0 } }] }), 'size minimum must not be greater than maximum');
  bad(module({ mems: [{ limits: { min: 1 } }, { limits: { min: 1 } }] }), 'multiple memories');
  bad(module({ imports: [{ module: 'm', name: 'mem', desc: { kind: 'memory', type: { limits: { min: 1 } } } }], mems: [{ limits: { min: 1 } }] }), 'multiple memories');
});

test('imports: function type indices must name function types', () => {
  ok(module({ types: [single(funcT([], []))], imports: [{ module: 'm', name: 'f', desc: { kind: 'func', typeIndex: 0 } }] }));
  bad(module({ imports: [{ module: 'm', name: 'f', desc: { kind: 'func', typeIndex: 0 } }] }), 'unknown type 0');
  bad(module({ types: [single(structT())], imports: [{ module: 'm', name: 'f', desc: { kind: 'func', typeIndex: 0 } }] }), 'type mismatch');
  bad(module({ imports: [importGlobal(ref(3))] }), 'unknown type 3');
  bad(module({ types: [single(structT())], funcs: [func(0, [])] }), 'type mismatch');
});

test('constant expressions: constant instructions only; global.get of visible immutable globals', () => {
  ok(module({ globals: [global('i32', [i32c(1), i32c(2), ins('i32.add')])] }));
  bad(module({ globals: [global('i32', [i32c(1), i32c(2), ins('i32.div_s')])] }), 'constant expression required');
  bad(module({ globals: [global('i32', [ins('nop'), i32c()])] }), 'constant expression required');
  bad(module({ globals: [global('i32', [])] }), 'type mismatch');
  bad(module({ globals: [global('i32', [i32c(), i32c()])] }), 'type mismatch');
  bad(module({ globals: [global('i32', [ins('i64.const', 0n)])] }), 'type mismatch');
  // Imported and earlier defined immutable globals are visible; later ones and mutable ones are not.
  ok(module({ imports: [importGlobal('i32')], globals: [global('i32', [ins('global.get', 0)])] }));
  ok(module({ globals: [global('i32', [i32c()]), global('i32', [ins('global.get', 0)])] }));
  bad(module({ globals: [global('i32', [ins('global.get', 1)]), global('i32', [i32c()])] }), 'unknown global 1');
  bad(module({ globals: [global('i32', [ins('global.get', 0)])] }), 'unknown global 0');
  bad(module({ imports: [importGlobal('i32', true)], globals: [global('i32', [ins('global.get', 0)])] }), 'constant expression required');
  // GC allocation in constant expressions; subtyping of the result.
  ok(module({ types: [single(structT(field('i32')))], globals: [global(ref('any'), [i32c(), ins('struct.new', 0)])] }));
  ok(module({ globals: [global(ref('i31', false), [i32c(), ins('ref.i31')])] }));
  bad(module({ globals: [global(ref('i31', false), [ins('ref.null', 'i31')])] }), 'type mismatch');
  // ref.func in a global initialiser declares the function.
  const vm = ok(module({ types: [single(funcT([], []))], funcs: [func(0, [ins('ref.func', 0), ins('drop')])], globals: [global(ref('func'), [ins('ref.func', 0)])] }));
  assert.ok(vm.declaredFuncRefs.has(0));
});

test('tables: initialisers see only imported globals; non-nullable element types need one', () => {
  const nn = ref('func', false);
  const t = { types: [single(funcT([], []))], funcs: [func(0, [])] };
  ok(module({ ...t, tables: [{ type: { limits: { min: 1 }, element: nn }, init: [ins('ref.func', 0)] }] }));
  bad(module({ ...t, tables: [{ type: { limits: { min: 1 }, element: nn } }] }), 'type mismatch');
  bad(module({ ...t, tables: [{ type: { limits: { min: 1 }, element: nn }, init: [ins('ref.null', 'func')] }] }), 'type mismatch');
  bad(module({ ...t, globals: [global(nn, [ins('ref.func', 0)])], tables: [{ type: { limits: { min: 1 }, element: nn }, init: [ins('global.get', 0)] }] }), 'unknown global 0');
  ok(module({ ...t, imports: [importGlobal(nn)], tables: [{ type: { limits: { min: 1 }, element: nn }, init: [ins('global.get', 0)] }] }));
  // Imported tables need no initialiser.
  ok(module({ imports: [{ module: 'm', name: 't', desc: { kind: 'table', type: { limits: { min: 1 }, element: nn } } }] }));
});

test('element and data segments', () => {
  const base = { types: [single(funcT([], []))], funcs: [func(0, [])], tables: [{ type: { limits: { min: 1 }, element: ref('func') } }] };
  ok(module({ ...base, elems: [{ type: ref('func', false), init: [[ins('ref.func', 0)]], mode: { kind: 'active', table: 0, offset: [i32c()] } }] }));
  bad(module({ ...base, elems: [{ type: ref('extern'), init: [], mode: { kind: 'active', table: 0, offset: [i32c()] } }] }), 'type mismatch');
  bad(module({ ...base, elems: [{ type: ref('func'), init: [], mode: { kind: 'active', table: 1, offset: [i32c()] } }] }), 'unknown table 1');
  bad(module({ ...base, elems: [{ type: ref('func'), init: [], mode: { kind: 'active', table: 0, offset: [ins('i64.const', 0n)] } }] }), 'type mismatch');
  bad(module({ ...base, elems: [{ type: ref('func'), init: [[ins('ref.func', 1)]], mode: { kind: 'passive' } }] }), 'unknown function 1');
  bad(module({ ...base, elems: [{ type: ref('func', false), init: [[ins('ref.null', 'func')]], mode: { kind: 'passive' } }] }), 'type mismatch');
  bad(module({ ...base, elems: [{ type: ref(5), init: [], mode: { kind: 'passive' } }] }), 'unknown type 5');
  // Segment offsets may read any immutable global, including later defined ones.
  ok(module({ ...base, elems: [{ type: ref('func'), init: [], mode: { kind: 'active', table: 0, offset: [ins('global.get', 0)] } }], globals: [global('i32', [i32c()])] }));
  ok(module({ mems: [{ limits: { min: 1 } }], datas: [{ init: new Uint8Array(1), mode: { kind: 'active', memory: 0, offset: [i32c()] } }] }));
  bad(module({ datas: [{ init: new Uint8Array(1), mode: { kind: 'active', memory: 0, offset: [i32c()] } }] }), 'unknown memory 0');
  bad(module({ mems: [{ limits: { min: 1 } }], datas: [{ init: new Uint8Array(1), mode: { kind: 'active', memory: 0, offset: [ins('f32.const', 0)] } }] }), 'type mismatch');
});

test('exports and start', () => {
  const base = { types: [single(funcT([], [])), single(funcT(['i32'], []))], funcs: [func(0, []), func(1, [])] };
  ok(module({ ...base, exports: [{ name: 'a', kind: 'func', index: 0 }, { name: 'b', kind: 'func', index: 1 }], start: 0 }));
  bad(module({ ...base, exports: [{ name: 'a', kind: 'func', index: 0 }, { name: 'a', kind: 'func', index: 1 }] }), 'duplicate export name');
  bad(module({ ...base, exports: [{ name: 'a', kind: 'func', index: 2 }] }), 'unknown function 2');
  bad(module({ ...base, exports: [{ name: 'a', kind: 'global', index: 0 }] }), 'unknown global 0');
  bad(module({ ...base, exports: [{ name: 'a', kind: 'table', index: 0 }] }), 'unknown table 0');
  bad(module({ ...base, exports: [{ name: 'a', kind: 'memory', index: 0 }] }), 'unknown memory 0');
  bad(module({ ...base, start: 1 }), 'start function must not have parameters or results');
  bad(module({ ...base, start: 2 }), 'unknown function 2');
});

test('the validated module: index spaces, imports first; type ids', () => {
  const vm = ok(
    module({
      types: [single(funcT([], [])), single(structT())],
      imports: [
        { module: 'm', name: 'f', desc: { kind: 'func', typeIndex: 0 } },
        importGlobal('i64'),
        { module: 'm', name: 't', desc: { kind: 'table', type: { limits: { min: 0 }, element: ref(1) } } },
      ],
      funcs: [func(0, [])],
      globals: [global('f32', [ins('f32.const', 0)], true)],
      mems: [{ limits: { min: 1 } }],
    }),
  );
  assert.deepEqual(vm.funcTypeIndices, [0, 0]);
  assert.deepEqual(vm.globalTypes.map((g) => g.type), ['i64', 'f32']);
  assert.equal(vm.tableTypes.length, 1);
  assert.equal(vm.memTypes.length, 1);
  assert.deepEqual(vm.typeIds, [0, 1]);
  assert.equal(vm.funcs.length, 1);
  assert.equal(vm.types.length, 2);
});
