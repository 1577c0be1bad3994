/** Instruction typing rules (spec 3.3) on hand-built function bodies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { ValidationError } from '../../../src/errors/ValidationError';
import type { Instr } from '../../../src/wasm/syntax/instructions';
import type { Module } from '../../../src/wasm/syntax/module';
import type { RecType, RefType, ValType } from '../../../src/wasm/syntax/types';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { arrayT, field, func, funcT, ins, module, oneFunc, rec, ref, single, structT, sub } from './moduleBuilder';

function ok(m: Module): void {
  validateModule(m, new GcTypeRegistry());
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
const fn = (params: ValType[], results: ValType[], body: Instr[], extraTypes: RecType[] = [], locals: ValType[] = []): Module =>
  oneFunc(params, results, body, { extraTypes, locals });

const i32c = (v = 0): Instr => ins('i32.const', v);

test('numeric typing and stack polymorphism after unreachable', () => {
  ok(fn([], ['i32'], [i32c(1), i32c(2), ins('i32.add')]));
  bad(fn([], ['i32'], [i32c(1), ins('i64.const', 2n), ins('i32.add')]), 'type mismatch');
  bad(fn([], ['i32'], [i32c(1)].concat([i32c(2)])), 'type mismatch');
  bad(fn([], [], [ins('i32.add')]), 'type mismatch');
  ok(fn([], ['i32'], [ins('unreachable'), ins('i32.add')]));
  ok(fn([], ['i32'], [ins('unreachable'), i32c(), ins('i32.add')]));
  bad(fn([], ['i32'], [ins('unreachable'), ins('i64.const', 0n), ins('i32.add')]), 'type mismatch');
  // Values left over at the end of a block are an error even after polymorphic code.
  bad(fn([], [], [ins('unreachable'), i32c()]), 'type mismatch');
});

test('blocks, loops, if: parameters, results, labels', () => {
  const bt = (t: ValType) => ({ kind: 'value' as const, type: t });
  ok(fn([], ['i32'], [ins('block', bt('i32')), i32c(1), ins('end')]));
  bad(fn([], ['i32'], [ins('block', bt('i32')), ins('end')]), 'type mismatch');
  // Multi-value block with parameters through a type index.
  const types = [single(funcT(['i32', 'i32'], ['i64']))];
  ok(fn([], ['i64'], [i32c(), i32c(), ins('block', { kind: 'index', index: 0 }), ins('drop'), ins('drop'), ins('i64.const', 1n), ins('end')], types));
  // A loop's label takes its parameters.
  const loopT = [single(funcT(['i32'], []))];
  ok(fn([], [], [i32c(), ins('loop', { kind: 'index', index: 0 }), ins('drop'), i32c(), ins('br', 0), ins('end')], loopT));
  bad(fn([], [], [i32c(), ins('loop', { kind: 'index', index: 0 }), ins('drop'), ins('br', 0), ins('end')], loopT), 'type mismatch');
  // ... not its results.
  ok(fn([], ['i32'], [ins('loop', bt('i32')), ins('br', 0), ins('end')]));
  // if without else must have matching parameter and result types.
  bad(fn([], ['i32'], [i32c(), ins('if', bt('i32')), i32c(), ins('end')]), 'type mismatch');
  ok(fn([], ['i32'], [i32c(), ins('if', bt('i32')), i32c(), ins('else'), i32c(), ins('end')]));
  bad(fn([], [], [i32c(), ins('if', { kind: 'index', index: 0 }), ins('end')], [single(structT())]), 'type mismatch');
  bad(fn([], [], [ins('block', { kind: 'index', index: 7 }), ins('end')]), 'unknown type 7');
  bad(fn([], [], [ins('br', 1)]), 'unknown label 1');
  ok(fn([], [], [ins('br', 0)]));
  bad(fn([], [], [ins('else')]), 'else without matching if');
});

test('br_if, br_table, return', () => {
  const bt = { kind: 'value' as const, type: 'i32' as ValType };
  ok(fn([], ['i32'], [ins('block', bt), i32c(), i32c(), ins('br_if', 0), ins('end')]));
  ok(fn([], ['i32'], [ins('block', bt), i32c(), i32c(), ins('br_table', { labels: [0, 1], defaultLabel: 0 }), ins('end')]));
  bad(fn([], ['i32'], [ins('block', { kind: 'empty' }), ins('block', bt), i32c(), i32c(), ins('br_table', { labels: [1], defaultLabel: 0 }), ins('end'), ins('end'), i32c()]), 'type mismatch');
  // In unreachable code the operand types are unknown but the arities must still agree.
  ok(fn([], [], [ins('block', { kind: 'empty' }), ins('block', bt), ins('unreachable'), ins('br_table', { labels: [0], defaultLabel: 0 }), ins('end'), ins('drop'), ins('end')]));
  bad(fn([], [], [ins('block', { kind: 'empty' }), ins('block', bt), ins('unreachable'), ins('br_table', { labels: [1], defaultLabel: 0 }), ins('end'), ins('drop'), ins('end')]), 'type mismatch');
  ok(fn([], ['i32'], [i32c(), ins('return')]));
  bad(fn([], ['i32'], [ins('i64.const', 0n), ins('return')]), 'type mismatch');
  // br_if yields the label's types (a subtype on the stack becomes the label type).
  const t = [single(structT())];
  bad(fn([], [ref(0, false)], [ins('block', { kind: 'value', type: ref(0) }), ins('struct.new', 0), i32c(), ins('br_if', 0), ins('return'), ins('end'), ins('unreachable')], t), 'type mismatch');
});

test('locals: unknown, non-defaultable initialisation (local_init.wast)', () => {
  const nn = ref('any', false);
  bad(fn([], [], [ins('local.get', 0)]), 'unknown local 0');
  bad(fn([], [], [ins('local.get', 0), ins('drop')], [], [nn]), 'uninitialized local');
  ok(fn([nn], [], [ins('local.get', 0), ins('drop')]));
  ok(fn([nn], [], [ins('local.get', 0), ins('local.set', 1), ins('local.get', 1), ins('drop')], [], [nn]));
  // Initialisation inside a block does not survive its end.
  bad(fn([nn], [], [ins('block', { kind: 'empty' }), ins('local.get', 0), ins('local.set', 1), ins('end'), ins('local.get', 1), ins('drop')], [], [nn]), 'uninitialized local');
  // ... nor reach the else branch.
  bad(fn([nn], [], [i32c(), ins('if', { kind: 'empty' }), ins('local.get', 0), ins('local.tee', 1), ins('drop'), ins('else'), ins('local.get', 1), ins('drop'), ins('end')], [], [nn]), 'uninitialized local');
  ok(fn([], ['i64'], [ins('local.get', 0)], [], ['i64']));
  bad(fn([], [], [i32c(), ins('local.set', 0)], [], ['i64']), 'type mismatch');
});

test('globals: mutability and indices', () => {
  const m = (mutable: boolean, body: Instr[]): Module =>
    oneFunc([], [], body, { parts: { globals: [{ type: { type: 'i32', mutable }, init: [i32c()] }] } });
  ok(m(true, [i32c(), ins('global.set', 0)]));
  bad(m(false, [i32c(), ins('global.set', 0)]), 'immutable global');
  bad(m(true, [ins('global.get', 1), ins('drop')]), 'unknown global 1');
});

test('select: untyped only for numbers; typed select of arity one', () => {
  ok(fn([], ['i32'], [i32c(), i32c(), i32c(), ins('select')]));
  bad(fn([], ['i32'], [i32c(), ins('i64.const', 0n), i32c(), ins('select')]), 'type mismatch');
  bad(fn([ref('any')], [ref('any')], [ins('local.get', 0), ins('local.get', 0), i32c(), ins('select')]), 'type mismatch');
  ok(fn([ref('any')], [ref('any')], [ins('local.get', 0), ins('local.get', 0), i32c(), ins('select t', [ref('any')])]));
  bad(fn([], ['i32'], [i32c(), i32c(), i32c(), ins('select t', ['i32', 'i32'])]), 'invalid result arity');
  // Unknown operands in unreachable code take the other operand's type.
  ok(fn([], ['i32'], [ins('unreachable'), i32c(), i32c(), ins('select')]));
  ok(fn([], ['i32'], [ins('unreachable'), ins('select')]));
});

test('calls: call, call_indirect (table must hold functions), call_ref', () => {
  const types = [single(funcT(['i32'], ['i32']))];
  const m = (body: Instr[], tableElem = ref('func')): Module =>
    module({
      types: [...types, single(funcT([], ['i32']))],
      funcs: [func(0, [ins('local.get', 0)]), func(1, body)],
      tables: [{ type: { limits: { min: 1 }, element: tableElem } }],
      elems: [{ type: ref('func', false), init: [[ins('ref.func', 0)]], mode: { kind: 'declarative' } }],
    });
  ok(m([i32c(), ins('call', 0)]));
  bad(m([ins('call', 0)]), 'type mismatch');
  bad(m([i32c(), ins('call', 9)]), 'unknown function 9');
  ok(m([i32c(), i32c(), ins('call_indirect', 0, 0)]));
  bad(m([i32c(), i32c(), ins('call_indirect', 0, 0)], ref('extern')), 'type mismatch');
  bad(m([i32c(), i32c(), ins('call_indirect', 0, 1)]), 'unknown table 1');
  ok(m([i32c(), ins('ref.func', 0), ins('call_ref', 0)]));
  bad(m([i32c(), ins('ref.null', 'func'), ins('call_ref', 0)]), 'type mismatch');
  ok(m([i32c(), ins('ref.null', 'nofunc'), ins('call_ref', 0)]));
});

test('references: ref.func declaration, ref.is_null, ref.as_non_null, ref.eq, br_on_null / br_on_non_null', () => {
  const withRef = (body: Instr[], declared: boolean, results: ValType[] = []): Module =>
    module({
      types: [single(funcT([], results))],
      funcs: [func(0, body)],
      ...(declared ? { elems: [{ type: ref('func'), init: [[ins('ref.func', 0)]], mode: { kind: 'declarative' as const } }] } : {}),
    });
  ok(withRef([ins('ref.func', 0), ins('drop')], true));
  bad(withRef([ins('ref.func', 0), ins('drop')], false), 'undeclared function reference');
  // An export declares it too (C.refs includes exported functions).
  ok({ ...withRef([ins('ref.func', 0), ins('drop')], false), exports: [{ name: 'f', kind: 'func', index: 0 }] });
  ok(withRef([ins('ref.func', 0), ins('ref.as_non_null'), ins('call_ref', 0)], true));
  bad(fn([], ['i32'], [i32c(), ins('ref.is_null')]), 'type mismatch');
  ok(fn([ref('i31')], ['i32'], [ins('local.get', 0), ins('local.get', 0), ins('ref.eq')]));
  bad(fn([ref('any')], ['i32'], [ins('local.get', 0), ins('local.get', 0), ins('ref.eq')]), 'type mismatch');
  bad(fn([ref('func')], ['i32'], [ins('local.get', 0), ins('local.get', 0), ins('ref.eq')]), 'type mismatch');
  // br_on_null: fallthrough is non-null.
  ok(fn([ref('any')], [ref('any', false)], [ins('block', { kind: 'empty' }), ins('local.get', 0), ins('br_on_null', 0), ins('return'), ins('end'), ins('unreachable')]));
  // br_on_non_null: the label gets the non-null reference.
  ok(fn([ref('any')], [ref('any', false)], [ins('block', { kind: 'value', type: ref('any', false) }), ins('local.get', 0), ins('br_on_non_null', 0), ins('unreachable'), ins('end')]));
  bad(fn([ref('any')], [], [ins('block', { kind: 'empty' }), ins('local.get', 0), ins('br_on_non_null', 0), ins('end')]), 'type mismatch');
  bad(fn([], [], [ins('block', { kind: 'empty' }), i32c(), ins('br_on_null', 0), ins('drop'), ins('end')]), 'type mismatch');
});

const S = 0; // (struct (field i32) (field (mut i8)) (field (ref null any)))
const A = 1; // (array (mut i16))
const AI = 2; // (array i32)
const AR = 3; // (array (mut (ref null any)))
const AE = 4; // (array (mut (ref null eq)))
const SNN = 5; // (struct (field (ref any)))
const gcTypes: RecType[] = [
  single(structT(field('i32'), field('i8', true), field(ref('any')))),
  single(arrayT(field('i16', true))),
  single(arrayT(field('i32'))),
  single(arrayT(field(ref('any'), true))),
  single(arrayT(field(ref('eq'), true))),
  single(structT(field(ref('any', false)))),
];
const gc = (params: ValType[], results: ValType[], body: Instr[], parts: Partial<Module> = {}): Module =>
  oneFunc(params, results, body, { extraTypes: gcTypes, parts });

test('struct instructions: new, new_default, get / get_s / get_u, set', () => {
  const newS = [i32c(), i32c(), ins('ref.null', 'none'), ins('struct.new', S)];
  ok(gc([], [ref(S, false)], newS));
  bad(gc([], [ref(S, false)], [i32c(), ins('ref.null', 'none'), ins('struct.new', S)]), 'type mismatch');
  ok(gc([], [ref(S, false)], [ins('struct.new_default', S)]));
  bad(gc([], [ref(SNN, false)], [ins('struct.new_default', SNN)]), 'field type is not defaultable');
  ok(gc([ref(S)], ['i32'], [ins('local.get', 0), ins('struct.get', S, 0)]));
  ok(gc([ref(S)], ['i32'], [ins('local.get', 0), ins('struct.get_s', S, 1)]));
  bad(gc([ref(S)], ['i32'], [ins('local.get', 0), ins('struct.get', S, 1)]), 'field is packed');
  bad(gc([ref(S)], ['i32'], [ins('local.get', 0), ins('struct.get_u', S, 0)]), 'field is unpacked');
  bad(gc([ref(S)], ['i32'], [ins('local.get', 0), ins('struct.get', S, 3)]), 'unknown field 3');
  ok(gc([ref(S)], [], [ins('local.get', 0), i32c(), ins('struct.set', S, 1)]));
  bad(gc([ref(S)], [], [ins('local.get', 0), i32c(), ins('struct.set', S, 0)]), 'immutable field');
  bad(gc([ref(A)], ['i32'], [ins('local.get', 0), ins('struct.get', A, 0)]), 'type mismatch');
  bad(gc([ref('struct')], ['i32'], [ins('local.get', 0), ins('struct.get', S, 0)]), 'type mismatch');
});

test('array instructions: new*, get*, set, len, fill, copy, init_*', () => {
  const data = { datas: [{ init: new Uint8Array(4), mode: { kind: 'passive' as const } }], dataCount: 1 };
  const elem = { elems: [{ type: ref('i31', false), init: [[i32c(), ins('ref.i31')]], mode: { kind: 'passive' as const } }] };
  ok(gc([], [ref(A, false)], [i32c(), i32c(), ins('array.new', A)]));
  ok(gc([], [ref(A, false)], [i32c(), ins('array.new_default', A)]));
  ok(gc([], [ref(AI, false)], [i32c(), i32c(), i32c(), ins('array.new_fixed', AI, 3)]));
  bad(gc([], [ref(AI, false)], [i32c(), i32c(), ins('array.new_fixed', AI, 3)]), 'type mismatch');
  ok(gc([], [ref(AI, false)], [ins('unreachable'), ins('array.new_fixed', AI, 0xffff_ffff)]));
  ok(gc([], [ref(A, false)], [i32c(), i32c(), ins('array.new_data', A, 0)], data));
  bad(gc([], [ref(AR, false)], [i32c(), i32c(), ins('array.new_data', AR, 0)], data), 'array type is not numeric or vector');
  bad(gc([], [ref(A, false)], [i32c(), i32c(), ins('array.new_data', A, 0)], { datas: data.datas }), 'data count section required');
  bad(gc([], [ref(A, false)], [i32c(), i32c(), ins('array.new_data', A, 1)], data), 'unknown data segment 1');
  ok(gc([], [ref(AR, false)], [i32c(), i32c(), ins('array.new_elem', AR, 0)], elem));
  bad(gc([], [ref(A, false)], [i32c(), i32c(), ins('array.new_elem', A, 0)], elem), 'type mismatch');
  ok(gc([ref(A)], ['i32'], [ins('local.get', 0), i32c(), ins('array.get_u', A)]));
  bad(gc([ref(A)], ['i32'], [ins('local.get', 0), i32c(), ins('array.get', A)]), 'array is packed');
  bad(gc([ref(AI)], ['i32'], [ins('local.get', 0), i32c(), ins('array.get_s', AI)]), 'array is unpacked');
  ok(gc([ref(A)], [], [ins('local.get', 0), i32c(), i32c(), ins('array.set', A)]));
  bad(gc([ref(AI)], [], [ins('local.get', 0), i32c(), i32c(), ins('array.set', AI)]), 'immutable array');
  ok(gc([ref(A)], ['i32'], [ins('local.get', 0), ins('array.len')]));
  bad(gc([ref(S)], ['i32'], [ins('local.get', 0), ins('array.len')]), 'type mismatch');
  ok(gc([ref(A)], [], [ins('local.get', 0), i32c(), i32c(), i32c(), ins('array.fill', A)]));
  bad(gc([ref(AI)], [], [ins('local.get', 0), i32c(), i32c(), i32c(), ins('array.fill', AI)]), 'immutable array');
  const copy = (dst: number, src: number): Module => gc([ref(dst), ref(src)], [], [ins('local.get', 0), i32c(), ins('local.get', 1), i32c(), i32c(), ins('array.copy', dst, src)]);
  ok(copy(AR, AE));
  bad(copy(AE, AR), 'type mismatch');
  bad(copy(AI, AI), 'immutable array');
  bad(copy(A, AI), 'type mismatch');
  ok(copy(A, A));
  ok(gc([ref(A)], [], [ins('local.get', 0), i32c(), i32c(), i32c(), ins('array.init_data', A, 0)], data));
  ok(gc([ref(AR)], [], [ins('local.get', 0), i32c(), i32c(), i32c(), ins('array.init_elem', AR, 0)], elem));
  bad(gc([ref(AE)], [], [ins('local.get', 0), i32c(), i32c(), i32c(), ins('array.init_elem', AE, 1)], elem), 'unknown elem segment 1');
});

test('casts: ref.test / ref.cast need the target hierarchy top; br_on_cast(_fail) typing', () => {
  ok(gc([ref('any')], ['i32'], [ins('local.get', 0), ins('ref.test', S)]));
  ok(gc([ref('eq')], ['i32'], [ins('local.get', 0), ins('ref.test null', 'i31')]));
  bad(gc([ref('extern')], ['i32'], [ins('local.get', 0), ins('ref.test', S)]), 'type mismatch');
  bad(gc([ref('func')], ['i32'], [ins('local.get', 0), ins('ref.test', 'any')]), 'type mismatch');
  ok(gc([ref('func')], ['i32'], [ins('local.get', 0), ins('ref.test', 'nofunc')]));
  ok(gc([ref('any')], [ref(S, false)], [ins('local.get', 0), ins('ref.cast', S)]));
  bad(gc([ref('any')], [ref(S, false)], [ins('local.get', 0), ins('ref.cast null', S)]), 'type mismatch');
  bad(gc([ref('any')], ['i32'], [ins('local.get', 0), ins('ref.test', 99)]), 'unknown type 99');

  const blk = (t: ValType) => ins('block', { kind: 'value', type: t });
  // br_on_cast: branch gets rt2, fallthrough gets rt1 \ rt2.
  // The operand is (ref null eq); only the branch is typed here (the fallthrough is dropped).
  const brOnCast = (from: RefType, to: RefType, label: ValType): Module =>
    gc([ref('any')], [label], [blk(label), ins('local.get', 0), ins('ref.cast null', 'eq'), ins('br_on_cast', { label: 0, from, to }), ins('drop'), ins('unreachable'), ins('end')]);
  ok(brOnCast(ref('eq'), ref(S, false), ref(S, false)));
  ok(brOnCast(ref('eq'), ref(S), ref(S)));
  bad(brOnCast(ref('eq'), ref(S), ref(S, false)), 'type mismatch'); // label must take rt2
  bad(brOnCast(ref('eq', false), ref('eq'), ref('eq')), 'type mismatch'); // rt2 not <: rt1
  bad(brOnCast(ref('i31'), ref('i31'), ref('i31')), 'type mismatch'); // stack (ref null eq) not <: rt1
  bad(brOnCast(ref('eq'), ref('func'), ref('func')), 'type mismatch'); // different hierarchy
  // Fallthrough types: (ref null eq) cast to (ref $S) leaves (ref null eq); to (ref null $S) leaves (ref eq).
  ok(gc([ref('eq')], [ref('eq', false)], [blk(ref(S)), ins('local.get', 0), ins('br_on_cast', { label: 0, from: ref('eq'), to: ref(S) }), ins('return'), ins('end'), ins('unreachable')]));
  bad(gc([ref('eq')], [ref('eq', false)], [blk(ref(S, false)), ins('local.get', 0), ins('br_on_cast', { label: 0, from: ref('eq'), to: ref(S, false) }), ins('return'), ins('end'), ins('unreachable')]), 'type mismatch');
  // br_on_cast_fail: branch gets rt1 \ rt2, fallthrough rt2.
  ok(gc([ref('eq')], [ref(S)], [blk(ref('eq')), ins('local.get', 0), ins('br_on_cast_fail', { label: 0, from: ref('eq'), to: ref(S) }), ins('return'), ins('end'), ins('unreachable')]));
  ok(gc([ref('eq')], [ref(S)], [blk(ref('eq', false)), ins('local.get', 0), ins('br_on_cast_fail', { label: 0, from: ref('eq'), to: ref(S) }), ins('return'), ins('end'), ins('unreachable')]));
  bad(gc([ref('eq')], [ref(S)], [blk(ref('eq', false)), ins('local.get', 0), ins('br_on_cast_fail', { label: 0, from: ref('eq'), to: ref(S, false) }), ins('return'), ins('end'), ins('unreachable')]), 'type mismatch');
  // A label with more than the reference: the operands below it are label types after the branch.
  const pair = module({
    types: [...gcTypes, single(funcT([ref('eq')], [])), single(funcT([], ['i32', ref('eq')]))],
    funcs: [
      func(gcTypes.length, [
        ins('block', { kind: 'index', index: gcTypes.length + 1 }),
        i32c(),
        ins('local.get', 0),
        ins('br_on_cast', { label: 0, from: ref('eq'), to: ref(S) }),
        ins('end'),
        ins('drop'),
        ins('drop'),
      ]),
    ],
  });
  ok(pair);
});

test('i31 and extern conversions keep nullability', () => {
  ok(fn([], [ref('i31', false)], [i32c(), ins('ref.i31')]));
  ok(fn([ref('i31')], ['i32'], [ins('local.get', 0), ins('i31.get_s')]));
  bad(fn([ref('eq')], ['i32'], [ins('local.get', 0), ins('i31.get_u')]), 'type mismatch');
  ok(fn([ref('extern', false)], [ref('any', false)], [ins('local.get', 0), ins('any.convert_extern')]));
  bad(fn([ref('extern')], [ref('any', false)], [ins('local.get', 0), ins('any.convert_extern')]), 'type mismatch');
  ok(fn([ref('noextern')], [ref('any')], [ins('local.get', 0), ins('any.convert_extern')]));
  bad(fn([ref('any')], [ref('any')], [ins('local.get', 0), ins('any.convert_extern')]), 'type mismatch');
  ok(fn([ref('i31', false)], [ref('extern', false)], [ins('local.get', 0), ins('extern.convert_any')]));
  bad(fn([ref('func')], [ref('extern')], [ins('local.get', 0), ins('extern.convert_any')]), 'type mismatch');
  // Unknown operand in unreachable code converts to a non-null reference.
  ok(fn([], [ref('any', false)], [ins('unreachable'), ins('any.convert_extern')]));
});

test('tables: element types of get/set/grow/fill, copy and init compatibility', () => {
  const m = (body: Instr[], results: ValType[] = []): Module =>
    module({
      types: [single(funcT([], results))],
      funcs: [func(0, body)],
      tables: [{ type: { limits: { min: 1 }, element: ref('func') } }, { type: { limits: { min: 1 }, element: ref('extern') } }],
      elems: [{ type: ref('func'), init: [], mode: { kind: 'passive' } }],
    });
  ok(m([i32c(), ins('table.get', 0)], [ref('func')]));
  bad(m([i32c(), ins('table.get', 1)], [ref('func')]), 'type mismatch');
  ok(m([i32c(), ins('ref.null', 'noextern'), ins('table.set', 1)]));
  bad(m([i32c(), ins('ref.null', 'func'), ins('table.set', 1)]), 'type mismatch');
  ok(m([ins('ref.null', 'func'), i32c(), ins('table.grow', 0)], ['i32']));
  ok(m([i32c(), ins('ref.null', 'func'), i32c(), ins('table.fill', 0)]));
  ok(m([ins('table.size', 1)], ['i32']));
  bad(m([ins('table.size', 2)], ['i32']), 'unknown table 2');
  ok(m([i32c(), i32c(), i32c(), ins('table.copy', 0, 0)]));
  bad(m([i32c(), i32c(), i32c(), ins('table.copy', 1, 0)]), 'type mismatch');
  ok(m([i32c(), i32c(), i32c(), ins('table.init', 0, 0)]));
  bad(m([i32c(), i32c(), i32c(), ins('table.init', 0, 1)]), 'type mismatch');
  bad(m([ins('elem.drop', 1)]), 'unknown elem segment 1');
});

test('memory: existence, natural alignment, data count', () => {
  const mem = { mems: [{ limits: { min: 1 } }] };
  const m = (body: Instr[], results: ValType[] = [], parts: Partial<Module> = mem): Module => oneFunc([], results, body, { parts });
  ok(m([i32c(), ins('i64.load', { align: 3, offset: 0 })], ['i64']));
  bad(m([i32c(), ins('i64.load', { align: 4, offset: 0 })], ['i64']), 'alignment must not be larger than natural');
  bad(m([i32c(), ins('i32.load8_u', { align: 1, offset: 0 })], ['i32']), 'alignment must not be larger than natural');
  ok(m([i32c(), ins('i64.const', 0n), ins('i64.store32', { align: 2, offset: 0 })]));
  bad(m([i32c(), ins('i64.const', 0n), ins('i64.store32', { align: 3, offset: 0 })]), 'alignment must not be larger than natural');
  bad(m([i32c(), ins('i32.load', { align: 0, offset: 0 })], ['i32'], {}), 'unknown memory 0');
  bad(m([ins('memory.size', 0)], ['i32'], {}), 'unknown memory 0');
  const data = { ...mem, datas: [{ init: new Uint8Array(0), mode: { kind: 'passive' as const } }] };
  bad(m([i32c(), i32c(), i32c(), ins('memory.init', 0, 0)], [], data), 'data count section required');
  ok(m([i32c(), i32c(), i32c(), ins('memory.init', 0, 0)], [], { ...data, dataCount: 1 }));
  bad(m([ins('data.drop', 1)], [], { ...data, dataCount: 1 }), 'unknown data segment 1');
});

test('malformed instruction sequences are validation errors, not crashes', () => {
  bad(fn([], [], [ins('no.such.op')]), 'unsupported instruction');
  bad(fn([], [], [ins('end')]), 'unexpected end');
  bad(fn([], [], [ins('block', { kind: 'empty' })]), 'unexpected end of function body');
  bad(fn([], [], [ins('br', -1)]), 'unknown label');
  bad(fn([], [], [ins('local.get', 1.5)]), 'malformed immediate');
  bad(fn([], [], [ins('block', 7)]), 'malformed immediate');
  bad(fn([], [], [ins('br_table', 3)]), 'malformed immediate');
});

test('one rec group shared by two functions of equivalent types in one module', () => {
  const types = [single(funcT(['i32'], [])), single(funcT(['i32'], []))];
  const vm = validateModule(module({ types, funcs: [func(0, []), func(1, [])] }), new GcTypeRegistry());
  assert.equal(vm.typeIds[0], vm.typeIds[1]);
  // call_ref through type 1 accepts a reference of type 0: they are the same canonical type.
  ok(
    module({
      types: [...types, single(funcT([], []))],
      funcs: [func(0, []), func(2, [i32c(), ins('ref.func', 0), ins('call_ref', 1)])],
      exports: [{ name: 'f', kind: 'func', index: 0 }],
    }),
  );
  ok(module({ types: [rec(sub(structT(), [], false)), rec(sub(structT(field('i32')), [0]))] }));
});
