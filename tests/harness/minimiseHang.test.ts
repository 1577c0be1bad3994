import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { wasmTarget, type WasmTargetCase } from '../../src/harness/targets/wasmTarget';
import { caseSeed } from '../../src/harness/caseSeed';
import { minimiseHang } from '../../src/harness/writeTimeoutFinding';
import { SyncCaseRunner } from '../../src/harness/syncCaseRunner';
import { wasmHangBudgetMs, HANG_BASE_MS, HANG_MS_PER_INSTRUCTION } from '../../src/harness/targets/wasm/wasmHangBudget';
import type { AnyFuzzTarget } from '../../src/harness/fuzzTarget';

const HANGING = path.resolve(__dirname, '../brokenCollectors/chainWalkingDrc.js');
/** Seed 1 run 33 of the wasm target hangs chainWalkingDrc (a struct stored into its own first field); run 82 until hand_back (session 5) re-drew the cases. */
const SEED = caseSeed(1, 33);
const arbitrary = wasmTarget.arbitrary({});
const hungCase = (): WasmTargetCase => fc.sample(arbitrary, { seed: SEED, numRuns: 1 })[0]!;

test('the wasm hang budget is the base plus the instructions the case executes on the model heap, the same every time', () => {
  const c = hungCase();
  const b = wasmHangBudgetMs(c.wasm);
  assert.equal(wasmHangBudgetMs(c.wasm), b);
  assert.ok(b > HANG_BASE_MS, 'the case executes instructions');
  const executed = Math.round((b - HANG_BASE_MS) / HANG_MS_PER_INSTRUCTION);
  assert.ok(Number.isInteger(executed) && executed > 0);
  // A case with no invocations executes nothing.
  assert.equal(wasmHangBudgetMs({ ...c.wasm, invocations: [] }), HANG_BASE_MS);
});

test('candidates that only outlive a too-short budget are not kept: the result is confirmed to hang for the full timeout', () => {
  // A budget of 1 ms makes every candidate look hung; the confirmation walks back to one that really hangs.
  const tooShort: AnyFuzzTarget = { ...(wasmTarget as AnyFuzzTarget), hangBudgetMs: () => 1 };
  const full = 1000;
  const m = minimiseHang(tooShort, HANGING, hungCase(), arbitrary as fc.Arbitrary<unknown>, SEED, { maxRuns: 3, maxMs: 120_000 }, full);
  assert.equal(m.reproduced, true);
  const runner = new SyncCaseRunner('wasm', HANGING);
  try {
    assert.equal(runner.run(wasmTarget.serialise(m.case as WasmTargetCase), full), 'timeout', 'the result hangs');
    // The runner replaced the hung thread: a case that finishes still runs and passes.
    assert.equal(runner.run(wasmTarget.serialise({ ...hungCase(), wasm: { ...hungCase().wasm, invocations: [] } }), 30_000), null);
  } finally {
    runner.dispose();
  }
});
