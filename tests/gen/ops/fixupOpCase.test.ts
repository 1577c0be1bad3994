import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import { opCaseArbitrary } from '../../../src/gen/ops/opCaseArbitrary';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';

test('fixup is idempotent on arbitrary JSON', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const once = fixupOpCase(v);
      assert.deepEqual(fixupOpCase(JSON.parse(JSON.stringify(once))), once);
    }),
    { seed: 5, numRuns: 300 },
  );
});

test('fixup turns junk-filled cases into valid ones (indices modulo live handles, typed writes), idempotently', () => {
  const junkOp = fc.record({
    op: fc.constantFrom('newExtern', 'newStruct', 'newArray', 'clone', 'drop', 'writeRef', 'writeNum', 'read', 'cast', 'hostData', 'pushFrame', 'popFrame', 'exitScope', 'exitNoGc', 'gc', 'forge',
      'tableFill', 'tableGrow', 'arrayFill', 'arrayCopy', 'newStructInit', 'newArrayInit', 'newArrayFixed', 'bogus'),
    type: fc.integer({ min: -5, max: 50 }),
    len: fc.integer({ min: -3, max: 1000 }),
    h: fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.constant(Number.NaN)),
    dst: fc.record({ s: fc.constantFrom('handle', 'field', 'elem', 'global', 'table', 'frame', 'x'), h: fc.nat(99), f: fc.nat(99), i: fc.nat(99), g: fc.nat(9), t: fc.nat(9), d: fc.nat(9) }),
    val: fc.oneof(fc.constant({ v: 'null' }), fc.record({ v: fc.constant('i31'), n: fc.integer() }), fc.record({ v: fc.constant('slot'), slot: fc.record({ s: fc.constantFrom('handle', 'field', 'frame'), h: fc.nat(20), f: fc.nat(20), d: fc.nat(5), i: fc.nat(5) }) }), fc.string()),
    owned: fc.oneof(fc.boolean(), fc.constant('yes')),
    t: fc.integer({ min: -2, max: 9 }),
    i: fc.integer({ min: -3, max: 99 }),
    n: fc.oneof(fc.integer({ min: -3, max: 99 }), fc.constant(Number.POSITIVE_INFINITY)),
    d: fc.nat(99),
    s: fc.nat(99),
    src: fc.integer({ min: -3, max: 99 }),
    vals: fc.array(fc.oneof(fc.integer(), fc.constant({ v: 'null' }), fc.record({ v: fc.constant('slot'), slot: fc.record({ s: fc.constantFrom('handle', 'field', 'elem', 'table'), h: fc.nat(20), f: fc.nat(20), i: fc.nat(20), t: fc.nat(3) }) }), fc.string()), { maxLength: 12 }),
  });
  fc.assert(
    fc.property(fc.constant(fc.sample(opCaseArbitrary(), { seed: 2, numRuns: 1 })[0]!), fc.array(junkOp, { maxLength: 80 }), (base, ops) => {
      const c = fixupOpCase({ ...base, ops });
      assert.deepEqual(fixupOpCase(JSON.parse(JSON.stringify(c))), c, 'idempotent');
      for (const collector of Object.values(builtinCollectors)) runOpCase(c, { collector, mode: 'lockstep' });
    }),
    { seed: 9, numRuns: 80 },
  );
});

test('deleting any op of a valid case leaves a case fixup makes valid again', () => {
  const [c] = fc.sample(opCaseArbitrary({ maxBytes: 120 }), { seed: 4, numRuns: 1 });
  for (let i = 0; i < c!.ops.length; i++) {
    const smaller = fixupOpCase({ ...c!, ops: c!.ops.filter((_, k) => k !== i) });
    runOpCase(smaller, { collector: builtinCollectors.copying, mode: 'lockstep' });
  }
});

test('deleting any op of cases that grow tables, fill, copy and initialise leaves a case fixup makes valid again', () => {
  const bulk = new Set(['tableGrow', 'tableFill', 'arrayFill', 'arrayCopy', 'newStructInit', 'newArrayFixed']);
  const cases = fc.sample(opCaseArbitrary({ maxBytes: 250 }), { seed: 6, numRuns: 40 }).filter((c) => c.ops.filter((op) => bulk.has(op.op)).length >= 4).slice(0, 3);
  assert.equal(cases.length, 3);
  for (const c of cases) {
    for (let i = 0; i < c.ops.length; i++) {
      const smaller = fixupOpCase({ ...c, ops: c.ops.filter((_, k) => k !== i) });
      assert.deepEqual(fixupOpCase(smaller), smaller);
      runOpCase(smaller, { collector: builtinCollectors.drc, mode: 'lockstep' });
    }
  }
});

test('table sizes follow tableGrow: slots and fills resolve against the grown size; a grow past the maximum changes nothing', () => {
  const base = { types: [{ kind: 'struct', fields: [] }], globals: [], tables: [{ elem: 'any', size: 2 }], config: {} };
  const grown = fixupOpCase({ ...base, ops: [
    { op: 'tableGrow', t: 0, n: 3, val: { v: 'null' } },
    { op: 'writeRef', dst: { s: 'table', t: 0, i: 4 }, val: { v: 'i31', n: 1 } },
    { op: 'tableFill', t: 0, i: 5, n: 6, val: { v: 'null' } },
    { op: 'tableGrow', t: 0, n: 20, val: { v: 'null' } },
    { op: 'read', src: { s: 'table', t: 0, i: 5 }, signed: false, keep: 'no' },
  ] });
  assert.deepEqual(grown.ops.map((op) => ('dst' in op ? op.dst : 'src' in op ? op.src : op)), [
    { op: 'tableGrow', t: 0, n: 3, val: { v: 'null' } },
    { s: 'table', t: 0, i: 4 },
    { op: 'tableFill', t: 0, i: 5, n: 6, val: { v: 'null' } },
    { op: 'tableGrow', t: 0, n: 20, val: { v: 'null' } },
    { s: 'table', t: 0, i: 0 },
  ], 'size 5 after the first grow (index 4 is valid, 5 wraps to 0); 5 + 20 passes the maximum of 24');
  // Without the grow the same ops re-resolve against size 2.
  const shrunk = fixupOpCase({ ...grown, ops: grown.ops.slice(1) });
  assert.deepEqual(shrunk.ops[0], { op: 'writeRef', dst: { s: 'table', t: 0, i: 0 }, val: { v: 'i31', n: 1 } });
  assert.deepEqual(shrunk.ops[1], { op: 'tableFill', t: 0, i: 2, n: 2, val: { v: 'null' } });
  for (const collector of Object.values(builtinCollectors)) {
    runOpCase(grown, { collector, mode: 'lockstep' });
    runOpCase(shrunk, { collector, mode: 'lockstep' });
  }
});

test('allocation operands resolve against the handles before the op and take the field storage: refs typed, numbers in range, one per field', () => {
  const node = { kind: 'struct', fields: [{ storage: { kind: 'ref', nullable: true, heap: 0 }, mutable: true }, { storage: 'i8', mutable: true }, { storage: 'i64', mutable: true }] };
  const bytes = { kind: 'array', element: { storage: 'i16', mutable: true } };
  const c = fixupOpCase({ types: [node, bytes], globals: [], tables: [], config: {}, ops: [
    { op: 'newStructInit', type: 0, vals: [{ v: 'slot', slot: { s: 'handle', h: 0 } }], owned: true },
    { op: 'newStructInit', type: 0, vals: [{ v: 'slot', slot: { s: 'handle', h: 0 } }, 300, 7, 'extra'], owned: true },
    { op: 'newArrayFixed', type: 1, vals: [70000, { v: 'null' }], owned: true },
    { op: 'newArrayInit', type: 0, len: 3, val: 1, owned: true },
  ] });
  assert.deepEqual(c.ops, [
    { op: 'newStructInit', type: 0, vals: [{ v: 'null' }, 0, '0'], owned: true },
    { op: 'newStructInit', type: 0, vals: [{ v: 'slot', slot: { s: 'handle', h: 0 } }, 44, '7'], owned: true },
    { op: 'newArrayFixed', type: 1, vals: [4464, 0], owned: true },
    { op: 'newArrayInit', type: 1, len: 3, val: 1, owned: true },
  ]);
});
