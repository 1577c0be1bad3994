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
import { ownThreadId, threadCpuMs } from '../../src/harness/threadCpuClock';

const HANGING = path.resolve(__dirname, '../brokenCollectors/chainWalkingDrc.js');
/** Seed 1 run 115 of the wasm target hangs chainWalkingDrc (a struct stored into its own first field); run 33 until gc_step became a statement of its own (session 11), run 82 until hand_back (session 5) re-drew the cases. */
const SEED = caseSeed(1, 115);
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

const hasProc = ownThreadId() > 0;

test('a thread CPU clock: the calling thread\'s id, its CPU time growing while it works, null for no thread', { skip: hasProc ? false : 'no /proc/thread-self (not Linux): hangs are judged on wall-clock time only' }, () => {
  const tid = ownThreadId();
  const before = threadCpuMs(tid)!;
  assert.ok(before >= 0);
  let x = 0;
  for (let k = 0; k < 3e8; k++) x = (x + k) | 0;
  assert.ok(x !== 0.5);
  assert.ok(threadCpuMs(tid)! > before, 'CPU time grew over a busy loop');
  assert.equal(threadCpuMs(0), null);
  assert.equal(threadCpuMs(2 ** 31 - 1), null);
});

test('a hang is decided by the runner thread\'s CPU time, long before a wall-clock limit of ten minutes', { skip: hasProc ? false : 'no /proc/thread-self (not Linux)', timeout: 120_000 }, () => {
  const runner = new SyncCaseRunner('wasm', HANGING);
  try {
    // Without the CPU budget this run would wait ten minutes; the test's own timeout fails it first.
    assert.equal(runner.run(wasmTarget.serialise(hungCase()), 600_000, () => false, 300), 'timeout');
    // A case that finishes is not cut short by a CPU budget it stays under.
    assert.equal(runner.run(wasmTarget.serialise({ ...hungCase(), wasm: { ...hungCase().wasm, invocations: [] } }), 600_000, () => false, 5_000), null);
  } finally {
    runner.dispose();
  }
});
