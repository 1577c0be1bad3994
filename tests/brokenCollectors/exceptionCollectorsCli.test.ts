import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { assertCaughtThroughCli } from './fuzzCli';

/**
 * The exception-handling broken collectors (issue #14), each caught through the real command line
 * on the wasm target (`fuzz --target wasm --collector PATH`) by the oracle its bug belongs to,
 * within a bounded number of runs of seed 1: exit 1, a minimised reproducer, and its replay
 * failing the same way. V8 is left out (`--engines interp,model`): these bugs are in the
 * collectors, and the model heap is the reference the differential needs.
 */
const BOUND = 200;
const cases: readonly [module: string, oracles: readonly string[]][] = [
  // Wasmtime #13316's shape: the store's pending exception is not a root; the host's collection
  // before it inspects an uncaught exception frees it.
  ['forgetPendingException', ['dangling']],
  // An exception object's payload refs are never released when it dies.
  ['exnPayloadLeakingDrc', ['leak']],
  // Wasmtime #13330's shape: an exnref stored into a global/table/field/element is not counted, so
  // it is freed while still held: a use after free, which the program-heap walk reports as a
  // dangling ref, or the final collection as a sandbox violation when it touches the freed object first.
  ['exnrefBarrierSkippingDrc', ['dangling', 'sandbox']],
];

for (const [module, oracles] of cases) {
  test(`${module}: fuzz --target wasm reports ${oracles.join(' or ')} within ${BOUND} runs of seed 1, and the reproducer replays`, () => {
    const { f, rep, out } = assertCaughtThroughCli(module, oracles.join('|'), BOUND, ['--target', 'wasm', '--engines', 'interp,model', '--workers', '1'], 'gcfuzz-exn-broken-');
    assert.ok(f.run < BOUND);
    assert.ok(rep.size <= 30, `minimised to ${rep.size} instructions`);
    fs.rmSync(out, { recursive: true, force: true });
  });
}
