import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import type { ForgeKind, ForgeUse, OpCase } from '../../../src/gen/ops/opCase';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { offByOneFieldNull } from '../../brokenCollectors/offByOneFieldNull';
import { i31AsMisalignedNull } from '../../brokenCollectors/i31AsMisalignedNull';

const i32 = { storage: 'i32', mutable: true };
const shape = {
  // 0: no field; 1: an i64 and a ref field; 2: an array of i8 (packed); 3: an array of refs.
  types: [
    { kind: 'struct', fields: [] },
    { kind: 'struct', fields: [{ storage: 'i64', mutable: true }, { storage: { ref: 'any', nullable: true }, mutable: true }, i32] },
    { kind: 'array', element: { storage: 'i8', mutable: true } },
    { kind: 'array', element: { storage: { ref: 'any', nullable: true }, mutable: true } },
  ],
  globals: [],
  tables: [],
  config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: true, checks: true }, incrementBudget: 1 },
};

/** Objects of every kind (handles 0-4, newest first: ref array, i8 array, extern, struct, empty struct), a forge, then reads and a collection the model checks. */
function forgeCase(kind: ForgeKind, use: ForgeUse, n: number, h: number): OpCase {
  return fixupOpCase({
    ...shape,
    ops: [
      { op: 'newStruct', type: 0, owned: true },
      { op: 'newStruct', type: 1, owned: true },
      { op: 'newExtern', owned: true },
      { op: 'newArray', type: 2, len: 3, owned: true },
      { op: 'newArray', type: 3, len: 2, owned: true },
      { op: 'forge', kind, use, h, n },
      { op: 'arrayLen', h: 1 },
      { op: 'gc' },
      { op: 'read', h: 3, i: 0 },
    ],
  });
}

test('forged-index probes ride on every forge: on every collector each bad index or wrong accessor is the named SandboxError and the run goes on untainted', () => {
  for (const collector of Object.values(builtinCollectors)) {
    for (let h = 0; h < 5; h++) {
      for (const n of [0, 1, 2, 4, 5, 6]) {
        for (const [kind, use] of [['i31', 'structGet'], ['oob', 'arraySet'], ['misaligned', 'hostData']] as const) {
          const c = forgeCase(kind, use, n, h);
          assert.equal(c.ops[5]!.op, 'forge', 'the case is valid as written');
          const r = runOpCase(c, { collector, mode: 'lockstep' });
          assert.equal(r.stopReason, 'end', `${collector.name} h=${h} n=${n} ${kind}/${use}`);
        }
      }
    }
  }
});

test('a field bound off by one is caught by a forged-index probe on the struct; one past the end only (n % 3 == 0)', () => {
  const at = (n: number): unknown => {
    try {
      runOpCase(forgeCase('i31', 'headerKind', n, 3), { collector: offByOneFieldNull, mode: 'lockstep' });
      return null;
    } catch (e) {
      return e;
    }
  };
  const e = at(3);
  assert.ok(e instanceof OracleFailure && e.oracle === 'sandbox', String(e));
  assert.match(e.message, /structGet of a forged badIndex ref .*SandboxError, got success/);
  assert.equal(at(4), null, 'two past the end is still rejected by the broken bound');
});

test('the classic never-valid forges name their violation: an i31 reported as misaligned is caught through a validating use, not through a barrier', () => {
  const run = (use: ForgeUse): unknown => {
    try {
      runOpCase(forgeCase('i31', use, 7, 0), { collector: i31AsMisalignedNull, mode: 'lockstep' });
      return null;
    } catch (e) {
      return e;
    }
  };
  const e = run('arrayLen');
  assert.ok(e instanceof OracleFailure && e.oracle === 'sandbox', String(e));
  assert.match(e.message, /arrayLen of a forged i31 ref .*SandboxError 'i31', got SandboxError: .*misaligned/);
  assert.equal(run('clone'), null, 'a barrier use of an i31 is not judged by name');
});
