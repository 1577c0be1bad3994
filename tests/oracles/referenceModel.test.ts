import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReferenceModel } from '../../oracles/referenceModel';
import { Fault } from '../../oracles/modelSlot';
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
  assert.equal(m.read({ s: 'field', h: 0, f: 0 }, false), Fault.null);
  assert.equal(m.read({ s: 'elem', h: 1, i: 1 }, false), Fault.bounds);
  assert.equal(m.write({ s: 'elem', h: 1, i: 1 }, null), Fault.bounds);
  m.enterNoGc();
  assert.equal(m.gcFault(), Fault.noGc);
  m.exitNoGc();
  assert.equal(m.gcFault(), null);
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

test('table.fill and table.grow: ranges, the maximum, and what they leave reachable', () => {
  const m = new ReferenceModel([node, arr], 0, [2], 'all', 4);
  const s = m.newStruct(0, true);
  assert.equal(m.tableGrow(0, 1, s), 2);
  assert.equal(m.tableGrow(0, 2, s), -1, '3 + 2 passes the maximum of 4: nothing changes');
  assert.deepEqual(m.tables[0], [null, null, s]);
  assert.equal(m.tableFill(0, 0, 2, s), null);
  assert.equal(m.tableFill(0, 2, 2, null), Fault.tableOob);
  assert.deepEqual(m.tables[0], [s, s, s], 'a trapping fill writes nothing');
  m.drop(0);
  m.completeCollection();
  assert.equal(m.objects.size, 1, 'the table keeps it');
  assert.equal(m.tableFill(0, 0, 3, null), null);
  m.completeCollection();
  assert.equal(m.objects.size, 0, 'a null fill over every reference frees it (Wasmtime #14325)');
  m.reset();
  assert.equal(m.tables[0]!.length, 3, 'reset empties tables but keeps their size');
});

test('array.fill and array.copy: null and range traps, numeric canonical values, overlapping copies in either direction', () => {
  const bytes: ArrayType = { kind: 'array', element: { storage: 'i8', mutable: true } };
  const m = new ReferenceModel([node, arr, bytes], 0, [], 'all');
  const b = m.newArray(2, 4, true);
  assert.equal(m.arrayFill(0, 1, 3, -1), null);
  assert.deepEqual(b.fields, [0, 0xff, 0xff, 0xff], 'i8 elements read back unsigned');
  assert.equal(m.arrayFill(0, 2, 3, 1), Fault.arrayOob);
  const a = m.newArray(1, 5, true);
  for (let i = 0; i < 5; i++) a.fields[i] = i + 1;
  assert.equal(m.arrayCopy(0, 1, 0, 0, 4), null);
  assert.deepEqual(a.fields, [1, 1, 2, 3, 4], 'copy up reads before it overwrites');
  assert.equal(m.arrayCopy(0, 0, 0, 1, 4), null);
  assert.deepEqual(a.fields, [1, 2, 3, 4, 4], 'copy down');
  assert.equal(m.arrayCopy(0, 3, 0, 0, 3), Fault.arrayOob, 'the destination range passes the end');
  assert.deepEqual(a.fields, [1, 2, 3, 4, 4], 'a trapping copy writes nothing');
  m.keep(null, true);
  assert.equal(m.arrayFill(0, 0, 0, null), Fault.nullReference, 'a null array traps even for an empty range');
  assert.equal(m.arrayCopy(1, 0, 0, 0, 0), Fault.nullReference);
});

test('a half-initialised allocation stays unrooted garbage, and what it already references goes with it', () => {
  for (const reclaims of ['all', 'acyclic'] as const) {
    const m = model(reclaims);
    const child = m.newStruct(0, true);
    const obj = m.allocStruct(0);
    m.initField(obj, 0, child);
    m.initField(obj, 1, 0x1ff);
    assert.deepEqual(obj.fields, [child, 0xff]);
    m.keep(null, true); // initialisation failed at a later operand: the new handle holds null
    m.drop(1);
    m.completeCollection();
    assert.equal(m.objects.size, 0, `${reclaims}: neither the abandoned object nor its child survive`);
  }
});
