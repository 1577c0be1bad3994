import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReferenceModel } from '../../oracles/referenceModel';
import type { ArrayType, StructType } from '../../src/runtime/gcTypes';

const node: StructType = { kind: 'struct', fields: [{ storage: { kind: 'ref', nullable: true, heap: 0 }, mutable: true }, { storage: 'i8', mutable: true }] };
const arr: ArrayType = { kind: 'array', element: { storage: { kind: 'ref', nullable: true, heap: 'any' }, mutable: true } };
const model = (reclaims: 'nothing' | 'acyclic' | 'all') => new ReferenceModel([node, arr], 1, [2], reclaims);

/** a -> b -> a (a cycle), b -> c (hanging off the cycle), d alone; all roots dropped. */
function cycleWithTail(m: ReferenceModel): void {
  m.newStruct(0, true); // a, handle 3 after all four
  m.newStruct(0, true); // b
  m.newStruct(0, true); // c
  m.newStruct(0, true); // d
  m.write({ s: 'field', h: 3, f: 0 }, m.handleValue(2));
  m.write({ s: 'field', h: 2, f: 0 }, m.handleValue(3));
  m.write({ s: 'field', h: 1, f: 0 }, m.handleValue(1)); // c self-loop
  for (let i = 0; i < 4; i++) m.drop(0);
}

test('survivors of a full collection follow each collector promise', () => {
  const all = model('all');
  cycleWithTail(all);
  all.completeCollection();
  assert.equal(all.objects.size, 0);

  const drc = model('acyclic');
  cycleWithTail(drc);
  drc.completeCollection();
  assert.equal(drc.objects.size, 3, 'a, b (cycle) and c (self-loop) stay; d goes');

  const none = model('nothing');
  cycleWithTail(none);
  none.completeCollection();
  assert.equal(none.objects.size, 4);
});

test('objects hanging off unreachable cycles survive DRC, acyclic chains do not', () => {
  const m = model('acyclic');
  m.newStruct(0, true); // x
  m.newStruct(0, true); // y
  m.newArray(1, 2, true); // holder
  m.write({ s: 'elem', h: 0, i: 0 }, m.handleValue(1)); // holder -> y
  m.write({ s: 'field', h: 1, f: 0 }, m.handleValue(2)); // y -> x
  m.write({ s: 'field', h: 2, f: 0 }, m.handleValue(2)); // x self-loop
  m.drop(0);
  m.drop(0);
  m.drop(0);
  m.completeCollection();
  assert.deepEqual([...m.objects].map((o) => o.id), [1], 'only the self-looped x survives');
});

test('roots: handles, globals, tables and frames keep objects; popped frames do not', () => {
  const m = model('all');
  m.newExtern({ serial: 1 }, true);
  m.pushFrame([m.handleValue(0)], 1);
  m.newStruct(0, true);
  m.write({ s: 'global', g: 0 }, m.handleValue(0));
  m.newStruct(0, true);
  m.write({ s: 'table', t: 0, i: 1 }, m.handleValue(0));
  for (let i = 0; i < 3; i++) m.drop(0);
  m.completeCollection();
  assert.equal(m.objects.size, 3);
  m.popFrame();
  m.completeCollection();
  assert.equal(m.objects.size, 2);
  assert.equal(m.externOf({ serial: 1 }), undefined);
});

test('faults: null dereference, index past the end, collection in a no-GC scope', () => {
  const m = model('all');
  m.newArray(1, 1, true);
  m.newStruct(0, true);
  m.write({ s: 'handle', h: 0 }, null);
  assert.equal(m.read({ s: 'field', h: 0, f: 0 }, false), undefined);
  assert.equal(m.fault, 'null');
  assert.equal(m.read({ s: 'elem', h: 1, i: 1 }, false), undefined);
  assert.equal(m.fault, 'bounds');
  m.enterNoGc();
  assert.equal(m.gcAllowed(), false);
  assert.equal(m.fault, 'no-gc');
  m.exitNoGc();
  assert.equal(m.gcAllowed(), true);
});

test('packed fields read back truncated, sign-extended on request', () => {
  const m = model('all');
  m.newStruct(0, true);
  m.write({ s: 'field', h: 0, f: 1 }, 0x1ff);
  assert.equal(m.read({ s: 'field', h: 0, f: 1 }, false), 0xff);
  assert.equal(m.read({ s: 'field', h: 0, f: 1 }, true), -1);
});

test('scopes release exactly their scoped handles; reset forgets everything', () => {
  const m = model('all');
  m.newStruct(0, true);
  m.enterScope();
  m.newStruct(0, false);
  m.clone(1, true);
  m.exitScope();
  assert.equal(m.handles.length, 2);
  m.reset();
  assert.equal(m.objects.size, 0);
  assert.equal(m.handles.length, 0);
});
