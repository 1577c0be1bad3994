import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingSignature, observationOf, reproducerFacts } from '../../../src/harness/nightly/findingSignature';

test('the observation masks location, counts and addresses but keeps what differed', () => {
  const a = observationOf("[leak] null-skipping-drc at op 5: expected 1 live objects after a full collection (collector reclaims 'acyclic'), got 2 (closing full collection after the last op)");
  const b = observationOf("[leak] null-skipping-drc at op 41: expected 7 live objects after a full collection (collector reclaims 'acyclic'), got 9 (closing full collection after the last op)");
  assert.equal(a, b);
  assert.equal(a, "expected # live objects after a full collection (collector reclaims 'acyclic'), got # (closing full collection after the last op)");
  assert.equal(observationOf('[leak] drc at the end: expected 5 live objects, got 6 (first leaked object 0x40)'), 'expected # live objects, got # (first leaked object 0x#)');
  assert.notEqual(observationOf('[sandbox] drc at op 3: expected in-bounds access, got out of bounds'), a);
});

test('op streams: the kind is the op at opIndex, or the end of the stream; the listing is one line per op', () => {
  const ops = [{ op: 'newStruct', type: 0, owned: true }, { op: 'writeRef', dst: { s: 'elem', h: 0, i: 2 }, val: { v: 'null' } }];
  const facts = reproducerFacts({ opIndex: 1, size: 2, message: 'x', case: { ops } });
  assert.equal(facts.kind, 'writeRef');
  assert.equal(facts.size, 2);
  assert.deepEqual(facts.listing, { format: 'ops', text: '#0 newStruct type=0 owned=true\n#1 writeRef dst={"s":"elem","h":0,"i":2} val={"v":"null"}' });
  assert.equal(reproducerFacts({ opIndex: 2, size: 2, case: { ops } }).kind, 'end of stream');
  assert.equal(reproducerFacts({ opIndex: -1, size: 2, case: { ops } }).kind, 'end of stream');
});

test('Wasm cases: the kind is an instruction the message names, else the end of the run; the listing is the WAT', () => {
  const wat = '(module\n  (func $0)\n)\n';
  const named = reproducerFacts({ opIndex: -1, size: 11, message: '[differential] interp at the end: expected value 1, got trap in struct.get (invocation 0)', case: { wat } });
  assert.equal(named.kind, 'struct.get');
  assert.deepEqual(named.listing, { format: 'wat', text: '(module\n  (func $0)\n)' });
  assert.equal(reproducerFacts({ message: '[leak] drc at the end: expected 5, got 6', case: { wat } }).kind, 'end of run');
  assert.deepEqual(reproducerFacts('not an object'), { kind: 'unknown', size: null, listing: null });
});

test('a long case listing is cut with a note, so the report stays readable', () => {
  const ops = Array.from({ length: 500 }, (_, i) => ({ op: 'drop', h: i }));
  const text = reproducerFacts({ opIndex: 0, size: 500, case: { ops } }).listing?.text ?? '';
  assert.equal(text.split('\n').length, 201);
  assert.match(text, /… \(500 lines in all; the reproducer file has the whole case\)$/);
});

test('the signature separates oracle, collector and kind', () => {
  const base = { oracle: 'leak', collector: 'drc', kind: 'writeRef', observation: 'expected # live objects, got #' };
  const sigs = new Set([base, { ...base, oracle: 'sandbox' }, { ...base, collector: 'copying' }, { ...base, kind: 'tableFill' }].map(findingSignature));
  assert.equal(sigs.size, 4);
});
