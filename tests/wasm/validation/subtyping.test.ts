/** Subtyping on canonical types (spec 3.3 matching) and the dynamic cast test of ./refMatches. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import type { AbsHeapType } from '../../../src/wasm/syntax/types';
import { isSubtypeHeap, isSubtypeStorage, isSubtypeVal } from '../../../src/wasm/validation/subtyping';
import { refMatches } from '../../../src/wasm/validation/refMatches';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { arrayT, field, funcT, module, rec, ref, structT, sub } from './moduleBuilder';

/** Canonical ids: 0 $s (non-final struct), 1 $s2 <: $s, 2 $a (array), 3 $f (non-final func), 4 $f2 <: $f. */
function setup(): { r: GcTypeRegistry; s: number; s2: number; a: number; f: number; f2: number } {
  const r = new GcTypeRegistry();
  const vm = validateModule(
    module({
      types: [
        rec(sub(structT(), [], false)),
        rec(sub(structT(field('i32')), [0])),
        rec(sub(arrayT(field('i8')))),
        rec(sub(funcT([], []), [], false)),
        rec(sub(funcT([], []), [3])),
      ],
    }),
    r,
  );
  const [s, s2, a, f, f2] = vm.typeIds as [number, number, number, number, number];
  return { r, s, s2, a, f, f2 };
}

const ANY_H: readonly AbsHeapType[] = ['any', 'eq', 'i31', 'struct', 'array', 'none'];

test('abstract heap type hierarchy', () => {
  const { r } = setup();
  const yes: [AbsHeapType, AbsHeapType][] = [
    ['eq', 'any'], ['i31', 'eq'], ['struct', 'eq'], ['array', 'eq'], ['i31', 'any'], ['none', 'i31'], ['none', 'any'],
    ['nofunc', 'func'], ['noextern', 'extern'],
  ];
  for (const [a, b] of yes) assert.ok(isSubtypeHeap(r, a, b), `${a} <: ${b}`);
  const no: [AbsHeapType, AbsHeapType][] = [
    ['any', 'eq'], ['struct', 'array'], ['i31', 'struct'], ['func', 'any'], ['extern', 'any'], ['any', 'extern'],
    ['none', 'func'], ['nofunc', 'any'], ['noextern', 'any'], ['none', 'extern'], ['func', 'nofunc'],
  ];
  for (const [a, b] of no) assert.ok(!isSubtypeHeap(r, a, b), `not ${a} <: ${b}`);
  for (const h of ANY_H) assert.ok(isSubtypeHeap(r, h, h));
});

test('concrete types: declared chains and their abstract supertypes', () => {
  const { r, s, s2, a, f, f2 } = setup();
  assert.ok(isSubtypeHeap(r, s2, s));
  assert.ok(!isSubtypeHeap(r, s, s2));
  for (const h of ['struct', 'eq', 'any'] as const) assert.ok(isSubtypeHeap(r, s2, h));
  assert.ok(!isSubtypeHeap(r, s, 'array'));
  assert.ok(isSubtypeHeap(r, a, 'array') && !isSubtypeHeap(r, a, 'struct'));
  assert.ok(isSubtypeHeap(r, f2, f) && isSubtypeHeap(r, f2, 'func') && !isSubtypeHeap(r, f, 'any'));
  assert.ok(isSubtypeHeap(r, 'none', s) && isSubtypeHeap(r, 'none', a) && !isSubtypeHeap(r, 'none', f));
  assert.ok(isSubtypeHeap(r, 'nofunc', f) && !isSubtypeHeap(r, 'nofunc', s));
  assert.ok(!isSubtypeHeap(r, 'struct', s), 'an abstract type is not below a concrete one');
});

test('value and storage types', () => {
  const { r, s, s2 } = setup();
  assert.ok(isSubtypeVal(r, ref(s2, false), ref(s, true)));
  assert.ok(!isSubtypeVal(r, ref(s2, true), ref(s, false)), 'nullable is not below non-nullable');
  assert.ok(isSubtypeVal(r, 'i32', 'i32') && !isSubtypeVal(r, 'i32', 'i64'));
  assert.ok(!isSubtypeVal(r, 'i32', ref('any')));
  assert.ok(isSubtypeStorage(r, 'i8', 'i8') && !isSubtypeStorage(r, 'i8', 'i32') && !isSubtypeStorage(r, 'i16', 'i8'));
});

test('refMatches: the dynamic test behind ref.test / ref.cast / br_on_cast', () => {
  const { r, s, s2, a, f, f2 } = setup();
  // null matches exactly the nullable targets, including bottom types.
  assert.ok(refMatches(r, null, true, 'none') && refMatches(r, null, true, s) && !refMatches(r, null, false, 'any'));
  // i31
  for (const h of ['i31', 'eq', 'any'] as const) assert.ok(refMatches(r, 'i31', false, h));
  for (const h of ['struct', 'array', 'none', 'extern'] as const) assert.ok(!refMatches(r, 'i31', true, h));
  assert.ok(!refMatches(r, 'i31', true, s));
  // objects by canonical type id
  assert.ok(refMatches(r, s2, false, s) && refMatches(r, s2, false, 'struct') && refMatches(r, s2, false, 'eq'));
  assert.ok(!refMatches(r, s, false, s2) && !refMatches(r, s, false, 'array') && !refMatches(r, s, false, 'none'));
  assert.ok(refMatches(r, a, false, 'array') && !refMatches(r, a, false, 'i31'));
  // functions
  assert.ok(refMatches(r, f2, false, f) && refMatches(r, f2, false, 'func') && !refMatches(r, f, false, f2) && !refMatches(r, f, false, 'nofunc'));
  // host and extern values
  assert.ok(refMatches(r, 'host', false, 'any') && !refMatches(r, 'host', false, 'eq'));
  assert.ok(refMatches(r, 'extern', false, 'extern') && !refMatches(r, 'extern', false, 'noextern'));
});
