import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertCaughtThroughCli } from './fuzzCli';

/**
 * The forge op's forged-index probes (src/cases/ops/forgeIndex.ts) and its naming of the classic
 * violations (src/cases/ops/forge.ts) reach checks of GcHeapBase that no fuzzer reached before
 * (issue 13, gcHeapBase.ts under the fuzzers alone): a runtime that gets one wrong is caught by the
 * sandbox oracle through the real command line. Seed 1: offByOneFieldNull at run 11 (not caught in
 * 150 runs without the probes), i31AsMisalignedNull at run 1 (not caught in 100 runs without naming),
 * freedAsExternIncremental at run 39 (not caught in 150 runs without `headerViolations`),
 * sizeTrustingWalkDrc at run 1 (the forged walk, src/cases/ops/forgeWalk.ts; not caught in 300
 * runs without it), badGrowthAcceptingNull at run 1 (the forged growth, src/cases/ops/forgeGrowth.ts;
 * never caught without it: the store asks for no such amount).
 */
const BOUND = 60;
const cases: readonly [module: string, message: RegExp][] = [
  ['offByOneFieldNull', /structGet of a forged badIndex ref/],
  ['i31AsMisalignedNull', /of a forged i31 ref .*SandboxError 'i31'/],
  ['freedAsExternIncremental', /of a forged deadHeader ref .*'freed'/],
  ['badGrowthAcceptingNull', /grow\(-16\) to answer false and change nothing, got true/],
  ['sizeTrustingWalkDrc', /to throw InvariantError before visiting it, got the object at \d+ was handed to the visitor \(forged walk\)/],
];

for (const [module, message] of cases) {
  test(`${module}: the ops target reports sandbox within ${BOUND} runs of seed 1, and the reproducer replays`, () => {
    const { f } = assertCaughtThroughCli(module, 'sandbox', BOUND, [], 'gcfuzz-forged-index-');
    assert.match(f.message, message);
    assert.ok(f.run < BOUND);
  });
}
