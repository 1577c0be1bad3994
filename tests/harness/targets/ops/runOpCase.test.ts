import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OracleFailure } from '../../../../oracles/OracleFailure';
import { fixupOpCase } from '../../../../src/gen/ops/fixupOpCase';
import { opCaseArbitrary } from '../../../../src/gen/ops/opCaseArbitrary';
import { caseSeed } from '../../../../src/harness/caseSeed';
import { TableInstance } from '../../../../src/wasm/execution/tableInstance';
import type { Op, OpCase } from '../../../../src/gen/ops/opCase';
import { runOpCase } from '../../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../../src/harness/targets/opsTarget';
import { builtinCollectors } from '../../../../src/runtime/collectors/builtinCollectors';
import { leakyDrc } from '../../../brokenCollectors/leakyDrc';
import { NULL, OK, obsError, obsI31, obsNum, obsObject, obsTest, type Observation } from '../../../../oracles/observation';

const TRAP = obsError('trap');

const ref = (heap: number | string) => ({ storage: { kind: 'ref', nullable: true, heap }, mutable: true });
const shape = {
  types: [
    { kind: 'struct', fields: [ref(0), ref('any'), { storage: 'i32', mutable: true }] },
    { kind: 'array', element: ref('any') },
    { kind: 'array', element: { storage: 'i16', mutable: true } },
  ],
  globals: [],
  tables: [{ elem: 'any', size: 2 }],
  config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: true, checks: true }, incrementBudget: 1 },
};
const h = (n: number) => ({ v: 'slot', slot: { s: 'handle', h: n } }) as const;

function caseOf(ops: readonly Op[]): OpCase {
  const c = fixupOpCase({ ...shape, ops });
  assert.deepEqual(c.ops, ops, 'the hand-written case is already valid');
  return c;
}

function traceOn(c: OpCase, collector: keyof typeof builtinCollectors): readonly Observation[] {
  return runOpCase(c, { collector: builtinCollectors[collector], mode: 'lockstep' }).trace;
}

test('table.grow, table.fill, array.fill and array.copy agree with the model on every collector, traps included', () => {
  const c = caseOf([
    { op: 'newStruct', type: 0, owned: true },
    { op: 'newStruct', type: 0, owned: true },
    { op: 'tableGrow', t: 0, n: 3, val: h(1) }, // size 5: [n, n, a, a, a]
    { op: 'tableGrow', t: 0, n: 20, val: h(0) }, // 25 passes the maximum: -1
    { op: 'tableFill', t: 0, i: 3, n: 3, val: h(0) }, // 3 + 3 > 5: trap
    { op: 'tableFill', t: 0, i: 0, n: 2, val: h(0) }, // [b, b, a, a, a]
    { op: 'newArrayFixed', type: 1, vals: [h(1), h(0), { v: 'i31', n: 9 }, { v: 'null' }], owned: true },
    { op: 'arrayCopy', dst: 0, d: 1, src: 0, s: 0, n: 3 }, // [a, a, b, i9]
    { op: 'arrayCopy', dst: 0, d: 2, src: 0, s: 0, n: 3 }, // 2 + 3 > 4: trap
    { op: 'arrayFill', h: 0, i: 0, n: 1, val: { v: 'null' } }, // [n, a, b, i9]
    { op: 'drop', h: 1 },
    { op: 'drop', h: 1 },
    { op: 'gc' },
    { op: 'read', src: { s: 'elem', h: 0, i: 3 }, signed: false, keep: 'no' },
    { op: 'read', src: { s: 'table', t: 0, i: 4 }, signed: false, keep: 'no' },
    { op: 'newArrayInit', type: 2, len: 3, val: -2, owned: true },
    { op: 'arrayCopy', dst: 0, d: 0, src: 0, s: 1, n: 2 },
    { op: 'arrayFill', h: 0, i: 2, n: 1, val: 7 },
    { op: 'read', src: { s: 'elem', h: 0, i: 2 }, signed: true, keep: 'no' },
    { op: 'read', src: { s: 'elem', h: 0, i: 0 }, signed: true, keep: 'no' },
    { op: 'read', src: { s: 'elem', h: 0, i: 1 }, signed: false, keep: 'no' },
  ]);
  const trace = traceOn(c, 'drc');
  assert.deepEqual(trace, [OK, OK, obsNum(2), obsNum(-1), TRAP, OK, OK, OK, TRAP, OK, OK, OK, OK, obsI31(9), obsObject(1), OK, OK, OK, obsNum(7), obsNum(-2), obsNum(65534)]);
  for (const collector of ['null', 'copying'] as const) assert.deepEqual(traceOn(c, collector), trace, collector);
  opsTarget.run(c, Object.values(builtinCollectors));
});

test('a null array traps "null reference" (checked as such against the model) before its range is looked at', () => {
  const c = caseOf([
    { op: 'newStruct', type: 0, owned: true },
    { op: 'cast', h: 0, to: 1 }, // array-typed handle holding null
    { op: 'newArray', type: 1, len: 2, owned: true },
    { op: 'arrayFill', h: 1, i: 8, n: 9, val: { v: 'null' } },
    { op: 'arrayCopy', dst: 0, d: 0, src: 1, s: 0, n: 0 },
    { op: 'arrayCopy', dst: 1, d: 0, src: 0, s: 0, n: 0 },
  ]);
  for (const collector of ['null', 'drc', 'copying'] as const) assert.deepEqual(traceOn(c, collector), [OK, obsTest(false), OK, TRAP, TRAP, TRAP], collector);
});

/** Field 0 gets a child, field 1 reads a field of a null handle: initialisation stops after the child was stored. */
const halfInitialised = caseOf([
  { op: 'newStruct', type: 0, owned: true }, // the child
  { op: 'read', src: { s: 'field', h: 0, f: 0 }, signed: false, keep: 'owned' }, // node-typed, null
  { op: 'newStructInit', type: 0, vals: [h(1), { v: 'slot', slot: { s: 'field', h: 0, f: 0 } }, 5], owned: true },
  { op: 'drop', h: 2 }, // the child's own handle
  { op: 'gc' },
  { op: 'read', src: { s: 'handle', h: 0 }, signed: false, keep: 'no' },
]);

test('a struct.new that fails partway is abandoned: its handle holds null and a collection reclaims it and the child it stored (Wasmtime #12456)', () => {
  for (const collector of ['null', 'drc', 'copying'] as const) {
    assert.deepEqual(traceOn(halfInitialised, collector), [OK, NULL, obsError('sandbox:null'), OK, OK, NULL], collector);
  }
  opsTarget.run(halfInitialised, Object.values(builtinCollectors));
});

test('the leak oracle catches a collector that frees an abandoned allocation without releasing what it stored', () => {
  // leakyDrc frees without decrementing children (#9701): on this path that is exactly #12456's dealloc_uninit.
  assert.throws(() => opsTarget.run(halfInitialised, [leakyDrc]), (e: unknown) => e instanceof OracleFailure && e.oracle === 'leak' && e.opIndex === 4);
});

test('Wasmtime #14325 itself (a table.fill that stores null without the barrier) is caught by the leak oracle on the real DRC collector within 20 runs of seed 1', () => {
  const fill = Object.getOwnPropertyDescriptor(TableInstance.prototype, 'fill')!;
  Object.defineProperty(TableInstance.prototype, 'fill', {
    ...fill,
    value(this: TableInstance, ...args: Parameters<TableInstance['fill']>): void {
      const [heap, hostData, at, value, n] = args;
      if (value === 0) {
        this.check(at, n);
        this.elems.fill(0, at, at + n); // the memset fast path
      }
      else (fill.value as TableInstance['fill']).call(this, heap, hostData, at, value, n);
    },
  });
  try {
    const arbitrary = opCaseArbitrary();
    let found: { run: number; failure: OracleFailure } | null = null;
    for (let run = 0; run < 20 && found === null; run++) {
      try {
        opsTarget.run(fc.sample(arbitrary, { seed: caseSeed(1, run), numRuns: 1 })[0]!, [builtinCollectors.drc]);
      } catch (e) {
        if (!(e instanceof OracleFailure)) throw e;
        found = { run, failure: e };
      }
    }
    assert.ok(found !== null, 'not caught');
    assert.equal(found.failure.oracle, 'leak', found.failure.message);
  } finally {
    Object.defineProperty(TableInstance.prototype, 'fill', fill);
  }
  opsTarget.run(fc.sample(opCaseArbitrary(), { seed: caseSeed(1, 4), numRuns: 1 })[0]!, [builtinCollectors.drc]);
});
