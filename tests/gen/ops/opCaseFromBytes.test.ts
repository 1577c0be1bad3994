import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { opCaseFromBytes } from '../../../src/gen/ops/opCaseFromBytes';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import type { OpKind } from '../../../src/gen/ops/opCase';
import { OP_KINDS } from '../../../src/cases/ops/opDeclarations';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';

test('any bytes decode to a valid case: fixed point of fixup, runs on every collector without a finding', () => {
  let ops = 0;
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600, size: 'max' }), (bytes) => {
      const c = opCaseFromBytes(bytes);
      ops += c.ops.length;
      assert.deepEqual(fixupOpCase(JSON.parse(JSON.stringify(c))), c);
      assert.deepEqual(opCaseFromBytes(bytes), c, 'deterministic');
      for (const collector of Object.values(builtinCollectors)) runOpCase(c, { collector, mode: 'lockstep' });
    }),
    { seed: 21, numRuns: 120 },
  );
  assert.ok(ops > 120 * 20, `only ${ops} ops decoded`);
});

test('edge inputs: empty, all zero, all 0xff', () => {
  for (const bytes of [new Uint8Array(0), new Uint8Array(256), new Uint8Array(256).fill(0xff)]) {
    const c = opCaseFromBytes(bytes);
    assert.ok(c.types.length >= 6);
    runOpCase(c, { collector: builtinCollectors.drc, mode: 'lockstep' });
  }
  assert.ok(opCaseFromBytes(new Uint8Array(512).map((_, i) => (i * 37) & 0xff)).ops.length > 20);
});

test('every op kind can be decoded from bytes', () => {
  const seen = new Set<OpKind>();
  for (const bytes of fc.sample(fc.uint8Array({ minLength: 200, maxLength: 600 }), { seed: 8, numRuns: 150 })) {
    for (const op of opCaseFromBytes(bytes).ops) seen.add(op.op);
  }
  assert.deepEqual([...OP_KINDS].filter((k) => !seen.has(k)), []);
});
