import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertCaughtThroughCli, ROOT as root } from './fuzzCli';

/**
 * Each deliberately broken collector must be caught by THE oracle its bug belongs to, within a
 * bounded number of runs of a fixed seed, through the real command line (`--collector PATH`):
 * exit 1, a minimised reproducer on disk, and `replay` of it exiting 1.
 */
const BOUND = 200;
const cases: readonly [module: string, oracle: string][] = [
  ['leakyDrc', 'leak'],
  ['stackDroppingDrc', 'dangling'],
  ['hostDataDroppingNull', 'dangling-host-data'],
  ['uncheckedNull', 'sandbox'],
  ['slicedCopying', 'incremental-vs-full'],
  ['nullSkippingDrc', 'leak'],
  // Exceptions (issue #14): the pending exception not traced (Wasmtime #13316), payload refs
  // forgotten when an exception is freed, an exnref store that skips the barrier (#13330).
  ['forgetPendingException', 'dangling'],
  ['exnPayloadLeakingDrc', 'leak'],
  ['exnrefBarrierSkippingDrc', 'dangling'],
];

for (const [module, oracle] of cases) {
  test(`${module}: the fuzzer reports ${oracle} within ${BOUND} runs of seed 1, and the reproducer replays`, () => {
    const { r, f, rep, modulePath } = assertCaughtThroughCli(module, oracle, BOUND, [], 'gcfuzz-broken-');
    assert.ok(f.run < BOUND);
    assert.match(r.stdout, /replay: npm run replay -- /);
    assert.ok(rep.size <= 12, `minimised to ${rep.size} ops`);
    // Stored relative to the reproducer's directory when both share a top-level directory, else absolute.
    assert.equal(path.resolve(path.dirname(f.reproducer), rep.collectorPaths[rep.collector]!), path.join(root, modulePath));
  });
}
