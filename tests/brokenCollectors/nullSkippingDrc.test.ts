import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OracleFailure } from '../../oracles/OracleFailure';
import { fixupOpCase } from '../../src/gen/ops/fixupOpCase';
import { opCaseArbitrary } from '../../src/gen/ops/opCaseArbitrary';
import type { Op, OpCase } from '../../src/gen/ops/opCase';
import { opsTarget } from '../../src/harness/targets/opsTarget';
import { caseSeed } from '../../src/harness/caseSeed';
import { minimiseFailure } from '../../src/harness/minimiseFailure';
import type { AnyFuzzTarget } from '../../src/harness/fuzzTarget';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { nullSkippingDrc } from './nullSkippingDrc';

/**
 * nullSkippingDrc (Wasmtime #14325: a null store that skips the write barrier) must be caught by
 * the leak oracle through the bulk ops alone: `table.fill` / `array.fill` / `array.copy` writing
 * null over the last reference to an object. brokenCollectors.test.ts shows the CLI finds it at
 * all; here `writeRef` is taken out of every case, so no other op can store null over a live ref
 * (the release of every root after the last op clears tables through the same bulk path,
 * `TableInstance.fill`).
 */

const node = { kind: 'struct', fields: [{ storage: { kind: 'ref', nullable: true, heap: 0 }, mutable: true }] };
const anyArray = { kind: 'array', element: { storage: { kind: 'ref', nullable: true, heap: 'any' }, mutable: true } };
const shape = { types: [node, anyArray], globals: [], tables: [{ elem: 'any', size: 2 }], config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: true, checks: true }, incrementBudget: 1 } };
const handle0 = { v: 'slot', slot: { s: 'handle', h: 0 } } as const;

function caseOf(ops: readonly Op[]): OpCase {
  const c = fixupOpCase({ ...shape, ops });
  assert.deepEqual(c.ops, ops, 'the hand-written case is already valid');
  return c;
}

function leaks(c: OpCase): OracleFailure {
  try {
    opsTarget.run(c, [nullSkippingDrc]);
  } catch (e) {
    if (e instanceof OracleFailure) return e;
    throw e;
  }
  assert.fail('nullSkippingDrc passed');
}

test('#14325 shape: table.fill with null over the only reference leaks on nullSkippingDrc; the built-in collectors pass', () => {
  const c = caseOf([
    { op: 'newStruct', type: 0, owned: true },
    { op: 'tableFill', t: 0, i: 0, n: 2, val: handle0 },
    { op: 'drop', h: 0 },
    { op: 'tableFill', t: 0, i: 0, n: 2, val: { v: 'null' } },
  ]);
  const f = leaks(c);
  assert.equal(f.oracle, 'leak', f.message);
  assert.equal(f.opIndex, 4, 'caught by the closing collection');
  opsTarget.run(c, Object.values(builtinCollectors));
});

test('array.fill with null and an overlapping array.copy over the only references leak on nullSkippingDrc; the built-in collectors pass', () => {
  const fill = caseOf([
    { op: 'newStruct', type: 0, owned: true },
    { op: 'newArrayInit', type: 1, len: 3, val: handle0, owned: true },
    { op: 'drop', h: 1 },
    { op: 'arrayFill', h: 0, i: 0, n: 3, val: { v: 'null' } },
    { op: 'gc' },
  ]);
  assert.equal(leaks(fill).oracle, 'leak');
  assert.equal(leaks(fill).opIndex, 4, 'caught by the explicit collection');
  opsTarget.run(fill, Object.values(builtinCollectors));
  const copy = caseOf([
    { op: 'newStruct', type: 0, owned: true },
    { op: 'newArrayFixed', type: 1, vals: [handle0, { v: 'null' }, { v: 'null' }], owned: true },
    { op: 'drop', h: 1 },
    { op: 'arrayCopy', dst: 0, d: 0, src: 0, s: 1, n: 2 },
    { op: 'gc' },
  ]);
  assert.equal(leaks(copy).oracle, 'leak');
  opsTarget.run(copy, Object.values(builtinCollectors));
});

// First finding at run 64 since session 11's noGc/scope snippets re-drew seed 1's cases.
const BOUND = 80;
// catchExn and throwExn (of a null exnref) clear the pending-exception slot with a single null
// write, as writeRef null does: all three go, so only the bulk null writes are left to find the mutant.
const SINGLE_WRITES: ReadonlySet<string> = new Set(['writeRef', 'catchExn', 'throwExn']);
const withoutWriteRef = (c: OpCase): OpCase => fixupOpCase({ ...c, ops: c.ops.filter((op) => !SINGLE_WRITES.has(op.op)) });

test(`seed 1 without writeRef, catchExn and throwExn: the leak oracle catches nullSkippingDrc within ${BOUND} runs, minimised to a few ops around a bulk null write (its own, or the table.fill of releasing every root at the end)`, () => {
  const arbitrary = opCaseArbitrary().map(withoutWriteRef);
  for (let run = 0; run < BOUND; run++) {
    const seed = caseSeed(1, run);
    const c = fc.sample(arbitrary, { seed, numRuns: 1 })[0]!;
    let failure: OracleFailure | null = null;
    try {
      opsTarget.run(c, [nullSkippingDrc]);
    } catch (e) {
      if (!(e instanceof OracleFailure)) throw e;
      failure = e;
    }
    if (failure === null) continue;
    assert.equal(failure.oracle, 'leak', failure.message);
    opsTarget.run(c, Object.values(builtinCollectors));
    const m = minimiseFailure({
      target: opsTarget as AnyFuzzTarget,
      arbitrary,
      caseSeed: seed,
      original: c,
      failure: failure.withCollector(nullSkippingDrc.name),
      collectors: [nullSkippingDrc],
      budget: { maxRuns: 2000, maxMs: 600_000 },
    });
    const small = m.case as OpCase;
    assert.equal(m.failure.oracle, 'leak');
    assert.ok(small.ops.length <= 8, `minimised to ${small.ops.length} ops: ${JSON.stringify(small.ops)}`);
    assert.ok(small.ops.every((op) => !SINGLE_WRITES.has(op.op)));
    // Either a bulk op of the case writes the null, or the case leaves a ref in a table that the
    // release of every root at the end clears with TableInstance.fill (releaseEveryRoot.ts).
    assert.ok(small.ops.some((op) => op.op === 'tableFill' || op.op === 'arrayFill' || op.op === 'arrayCopy' || op.op === 'tableGrow'), JSON.stringify(small.ops));
    opsTarget.run(small, Object.values(builtinCollectors));
    return;
  }
  assert.fail(`no finding in ${BOUND} runs`);
});
