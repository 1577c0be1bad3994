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

test('fixup turns junk-filled cases into valid ones (indices modulo live handles, typed writes)', () => {
  const junkOp = fc.record({
    op: fc.constantFrom('newExtern', 'newStruct', 'newArray', 'clone', 'drop', 'writeRef', 'writeNum', 'read', 'cast', 'hostData', 'pushFrame', 'popFrame', 'exitScope', 'exitNoGc', 'gc', 'forge', 'bogus'),
    type: fc.integer({ min: -5, max: 50 }),
    len: fc.integer({ min: -3, max: 1000 }),
    h: fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.constant(Number.NaN)),
    dst: fc.record({ s: fc.constantFrom('handle', 'field', 'elem', 'global', 'table', 'frame', 'x'), h: fc.nat(99), f: fc.nat(99), i: fc.nat(99), g: fc.nat(9), t: fc.nat(9), d: fc.nat(9) }),
    val: fc.oneof(fc.constant({ v: 'null' }), fc.record({ v: fc.constant('i31'), n: fc.integer() }), fc.record({ v: fc.constant('slot'), slot: fc.record({ s: fc.constantFrom('handle', 'field', 'frame'), h: fc.nat(20), f: fc.nat(20), d: fc.nat(5), i: fc.nat(5) }) }), fc.string()),
    owned: fc.oneof(fc.boolean(), fc.constant('yes')),
  });
  fc.assert(
    fc.property(fc.constant(fc.sample(opCaseArbitrary(), { seed: 2, numRuns: 1 })[0]!), fc.array(junkOp, { maxLength: 80 }), (base, ops) => {
      const c = fixupOpCase({ ...base, ops });
      for (const collector of Object.values(builtinCollectors)) runOpCase(c, { collector, oracles: true, trace: false, fullGcOnly: false, fingerprint: false });
    }),
    { seed: 9, numRuns: 80 },
  );
});

test('deleting any op of a valid case leaves a case fixup makes valid again', () => {
  const [c] = fc.sample(opCaseArbitrary({ maxSnippets: 12 }), { seed: 4, numRuns: 1 });
  for (let i = 0; i < c!.ops.length; i++) {
    const smaller = fixupOpCase({ ...c!, ops: c!.ops.filter((_, k) => k !== i) });
    runOpCase(smaller, { collector: builtinCollectors.copying, oracles: true, trace: false, fullGcOnly: false, fingerprint: false });
  }
});
