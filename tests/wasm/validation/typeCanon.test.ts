/** Type validation (spec 3.2 rec/sub types) and canonicalisation (iso-recursive type equivalence). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { ValidationError } from '../../../src/errors/ValidationError';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { typeCanonFor } from '../../../src/wasm/validation/typeCanon';
import type { RecType } from '../../../src/wasm/syntax/types';
import { arrayT, field, funcT, module, rec, ref, single, structT, sub } from './moduleBuilder';

function ids(types: RecType[], registry: GcTypeRegistry): readonly number[] {
  return validateModule(module({ types }), registry).typeIds;
}

function invalid(types: RecType[], reason: RegExp, registry = new GcTypeRegistry()): void {
  assert.throws(() => validateModule(module({ types }), registry), (e: unknown) => e instanceof ValidationError && reason.test(e.reason));
}

test('equivalent types in different modules get the same canonical id', () => {
  const r = new GcTypeRegistry();
  const a = ids([single(structT(field('i32'))), single(funcT(['i32'], []))], r);
  const b = ids([single(funcT(['i32'], [])), single(structT(field('i32')))], r);
  assert.deepEqual([a[0], a[1]], [b[1], b[0]]);
  assert.equal(r.size, 2);
  // Another registry has its own canonical space.
  const r2 = new GcTypeRegistry();
  assert.deepEqual(ids([single(funcT(['i32'], []))], r2), [0]);
});

test('rec groups are compared as wholes, including order and finality', () => {
  const r = new GcTypeRegistry();
  const s = structT(field('i32'));
  const g1 = ids([rec(sub(s), sub(structT()))], r);
  const lone = ids([single(s)], r);
  assert.notEqual(g1[0], lone[0], 'a type in a group of two differs from the same lone type');
  const g2 = ids([rec(sub(structT()), sub(s))], r);
  assert.notEqual(g1[0], g2[1], 'position in the group matters');
  const nonFinal = ids([rec(sub(s, [], false))], r);
  assert.notEqual(nonFinal[0], lone[0], 'finality matters');
  assert.deepEqual(ids([rec(sub(s), sub(structT()))], r), g1);
});

test('iso-recursive: self-referential groups are equal across modules; inner references are relative', () => {
  const r = new GcTypeRegistry();
  // (rec (type $a (struct (field (ref null $b)))) (type $b (struct (field (ref null $a)))))
  const grp = (base: number): RecType => rec(sub(structT(field(ref(base + 1)))), sub(structT(field(ref(base)))));
  const a = ids([grp(0)], r);
  const b = ids([single(structT()), grp(1)], r);
  assert.deepEqual(b.slice(1), a);
  const t = r.get(a[0]!);
  assert.equal(t.kind, 'struct');
  assert.deepEqual(t.kind === 'struct' ? t.fields[0]!.storage : undefined, { kind: 'ref', nullable: true, heap: a[1] });
});

test('references outside the group are by canonical id', () => {
  const r = new GcTypeRegistry();
  const a = ids([single(structT(field('i32'))), single(arrayT(field(ref(0))))], r);
  // Same array type, but its element type is a differently placed but equivalent struct.
  const b = ids([single(funcT([], [])), single(structT(field('i32'))), single(arrayT(field(ref(1))))], r);
  assert.equal(a[1], b[2]);
});

test('registered runtime types carry fields, supertype and finality', () => {
  const r = new GcTypeRegistry();
  const t = ids([rec(sub(structT(field('i8', true)), [], false)), rec(sub(structT(field('i8', true), field(ref('any', false))), [0], true))], r);
  const sup = r.get(t[0]!);
  const s = r.get(t[1]!);
  assert.equal(sup.final, false);
  assert.equal(s.supertype, t[0]);
  assert.equal(s.final, true);
  assert.deepEqual(s.kind === 'struct' ? s.fields : [], [
    { storage: 'i8', mutable: true },
    { storage: { kind: 'ref', nullable: false, heap: 'any' }, mutable: false },
  ]);
  assert.ok(r.isSubtype(t[1]!, t[0]!));
});

test('valid subtyping: struct width and depth, immutable covariance, function variance', () => {
  const r = new GcTypeRegistry();
  ids(
    [
      rec(sub(structT(field(ref('any'))), [], false)),
      rec(sub(structT(field(ref('eq', false)), field('f64', true)), [0], false)),
      rec(sub(funcT([ref('eq')], [ref('any')]), [], false)),
      rec(sub(funcT([ref('any')], [ref('i31', false)]), [2])),
      rec(sub(arrayT(field('i16', true)), [], false)),
      rec(sub(arrayT(field('i16', true)), [4])),
    ],
    r,
  );
});

test('invalid sub types are rejected with a "sub type" reason', () => {
  const base = rec(sub(structT(field('i32', true)), [], false));
  invalid([rec(sub(structT(field('i32')))), rec(sub(structT(field('i32')), [0]))], /^sub type 1 has final super type 0/);
  invalid([base, rec(sub(structT(field('i64', true)), [0]))], /^sub type 1 does not match super type 0/);
  // Mutable fields are invariant.
  invalid([rec(sub(structT(field(ref('any'), true)), [], false)), rec(sub(structT(field(ref('eq'), true)), [0]))], /^sub type/);
  // Mutability must agree.
  invalid([base, rec(sub(structT(field('i32', false)), [0]))], /^sub type/);
  // Fewer fields than the supertype.
  invalid([base, rec(sub(structT(), [0]))], /^sub type/);
  // Composite kinds must agree.
  invalid([base, rec(sub(arrayT(field('i32', true)), [0]))], /^sub type/);
  // Function results are covariant, parameters contravariant.
  invalid([rec(sub(funcT([], [ref('eq')]), [], false)), rec(sub(funcT([], [ref('any')]), [0]))], /^sub type/);
  invalid([rec(sub(funcT([ref('any')], []), [], false)), rec(sub(funcT([ref('eq')], []), [0]))], /^sub type/);
  // Packed types match only themselves.
  invalid([rec(sub(arrayT(field('i8')), [], false)), rec(sub(arrayT(field('i32')), [0]))], /^sub type/);
});

test('supertype index rules: earlier types only, at most one, known', () => {
  // Self and forward references inside a group (would make chains cyclic).
  invalid([rec(sub(structT(), [0], false))], /^forward use of type 0/);
  invalid([rec(sub(structT(field(ref(1))), [1], false), sub(structT(field(ref(0))), [0], false))], /^forward use of type 1/);
  invalid([rec(sub(structT(), [], false)), rec(sub(structT(), [0, 0], false))], /^multiple supertypes/);
  invalid([rec(sub(structT(), [5], false))], /^unknown type 5/);
  invalid([single(structT(field(ref(3))))], /^unknown type 3/);
  // Within a group a supertype may be an earlier member.
  ids([rec(sub(structT(), [], false), sub(structT(field('i32')), [0]))], new GcTypeRegistry());
});

test('an invalid group is never registered, so an identical later group is still rejected', () => {
  const r = new GcTypeRegistry();
  const bad = [rec(sub(structT(field('i32')))), rec(sub(structT(field('i32')), [0]))];
  invalid(bad, /^sub type/, r);
  assert.equal(r.size, 1, 'only the valid first group was registered');
  invalid(bad, /^sub type/, r);
  assert.equal(r.size, 1);
  invalid([rec(sub(structT(), [], false), sub(structT(field('i32')), [0]), sub(structT(), [2]))], /^forward use/, r);
  assert.equal(r.size, 1, 'no member of an invalid group is registered');
});

test('canonicaliseClosed: a lone type over canonical ids equals the module-written type', () => {
  const r = new GcTypeRegistry();
  const vm = validateModule(module({ types: [single(structT(field('i32'))), single(funcT([ref(0, false)], ['i32']))] }), r);
  const canon = typeCanonFor(r);
  const s = vm.typeIds[0]!;
  assert.equal(canon.canonicaliseClosed(sub(funcT([ref(s, false)], ['i32']))), vm.typeIds[1]);
  const size = r.size;
  assert.throws(() => canon.canonicaliseClosed(sub(funcT([ref(size + 5)], []))), (e: unknown) => e instanceof ValidationError && e.reason === `unknown type ${size + 5}`);
  // A new closed type is registered once, with its canonical supertype.
  const sup = validateModule(module({ types: [rec(sub(structT(), [], false))] }), r).typeIds[0]!;
  const id = canon.canonicaliseClosed(sub(structT(field(ref(s))), [sup]));
  assert.equal(canon.canonicaliseClosed(sub(structT(field(ref(s))), [sup])), id);
  assert.ok(r.isSubtype(id, sup));
});
