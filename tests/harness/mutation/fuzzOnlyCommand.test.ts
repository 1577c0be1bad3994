import assert from 'node:assert/strict';
import test from 'node:test';
import { fuzzOnlyCommand } from '../../../src/harness/mutation/fuzzOnlyCommand';
import { mutationCollectors } from '../../../src/harness/mutation/mutationCollector';

test('a mutated file is fuzzed on the collectors it belongs to', () => {
  assert.deepEqual(mutationCollectors('src/runtime/collectors/nullHeap.ts'), ['null']);
  assert.deepEqual(mutationCollectors('src/runtime/freeList.ts'), ['drc', 'incremental']);
  assert.deepEqual(mutationCollectors('src/runtime/gcRootsList.ts'), ['all']);
  // `all` never calls the loader nor makes a zeal variant: those files get the other ways to name a collector.
  assert.deepEqual(mutationCollectors('src/runtime/collectors/loadCollector.ts'), ['drc', 'incremental:13', 'dist/src/runtime/collectors/nullCollector.js', 'dist/src/runtime/collectors/incrementalCollector.js:15']);
  assert.deepEqual(mutationCollectors('src/runtime/collectors/builtinCollectors.ts'), mutationCollectors('src/runtime/collectors/loadCollector.ts'));
  assert.deepEqual(mutationCollectors('src/runtime/collectors/incrementalCollector.ts'), ['incremental', 'dist/src/runtime/collectors/incrementalCollector.js:15']);
});

test('a module path as collector is quoted, and its kill log is one file name', () => {
  const runs = fuzzOnlyCommand('/n/node', 'src/runtime/collectors/loadCollector.ts', { seed: 1, opsRuns: 5, wasmRuns: 0, caseTimeout: 5 }, '/o', '/k').split(' && ').slice(1);
  assert.equal(runs.length, 4);
  assert.match(runs[2]!, /--collector 'dist\/src\/runtime\/collectors\/nullCollector\.js' .*-ops-dist_src_runtime_collectors_nullCollector\.js\.json 2> \/dev\/null$/);
  assert.match(runs[3]!, /--collector 'dist\/src\/runtime\/collectors\/incrementalCollector\.js:15' .*-ops-dist_src_runtime_collectors_incrementalCollector\.js:15\.json/);
});

test('the fuzz-only command: ops on each collector, then wasm on each; fixed seed and runs, no shrinking, no unit test', () => {
  const cmd = fuzzOnlyCommand('/n/node', 'src/runtime/freeList.ts', { seed: 7, opsRuns: 50, wasmRuns: 0, caseTimeout: 5 }, "/o'ut");
  const runs = cmd.split(' && ');
  assert.equal(runs.length, 2, 'no wasm run with a budget of 0');
  assert.match(runs[0]!, /^'\/n\/node' dist\/src\/cli\.js fuzz --target ops --collector 'drc' --seed 7 --runs 50 .*--minimise-runs 0 --case-timeout 5 --out '\/o'\\''ut'/);
  assert.match(runs[1]!, /--collector 'incremental'/);
  assert.doesNotMatch(cmd, /--test|dist\/tests/);
  const both = fuzzOnlyCommand('/n/node', 'src/runtime/freeList.ts', { seed: 7, opsRuns: 50, wasmRuns: 15, caseTimeout: 5 }, '/o').split(' && ');
  assert.deepEqual(both.map((r) => /--target (\w+) --collector '(\w+)'/.exec(r)!.slice(1).join(' ')), ['ops drc', 'ops incremental', 'wasm drc', 'wasm incremental']);
});

test('with a kill log, each run keeps its JSON summary under the active mutant\'s id (dry in the dry run)', () => {
  const runs = fuzzOnlyCommand('/n/node', 'src/runtime/collectors/nullHeap.ts', { seed: 1, opsRuns: 5, wasmRuns: 5, caseTimeout: 5 }, '/o', '/k').split(' && ');
  assert.equal(runs.length, 2);
  assert.match(runs[0]!, /--json > '\/k'\/"\$\{__STRYKER_ACTIVE_MUTANT__:-dry\}"-ops-null\.json 2> \/dev\/null$/);
  assert.match(runs[1]!, /-wasm-null\.json 2> \/dev\/null$/);
  assert.doesNotMatch(fuzzOnlyCommand('/n/node', 'src/runtime/gcRef.ts', { seed: 1, opsRuns: 5, wasmRuns: 5, caseTimeout: 5 }, '/o'), /--json/);
});

test('the loader, the built-in table and the incremental collector\'s file are first judged by the loader target', () => {
  for (const file of ['loadCollector', 'builtinCollectors', 'incrementalCollector']) {
    const runs = fuzzOnlyCommand('/n/node', `src/runtime/collectors/${file}.ts`, { seed: 3, opsRuns: 5, wasmRuns: 5, caseTimeout: 5 }, '/o', '/k').split(' && ');
    assert.match(runs[0]!, /^'\/n\/node' dist\/src\/cli\.js fuzz --target loader --seed 3 --runs 1000 .*--minimise-runs 0 .*-loader-none\.json 2> \/dev\/null$/, file);
    assert.equal(runs.filter((r) => r.includes('--target loader')).length, 1);
  }
  assert.doesNotMatch(fuzzOnlyCommand('/n/node', 'src/runtime/collectors/incrementalHeap.ts', { seed: 3, opsRuns: 5, wasmRuns: 5, caseTimeout: 5 }, '/o'), /--target loader/);
});
